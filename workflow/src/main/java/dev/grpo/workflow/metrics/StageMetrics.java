package dev.grpo.workflow.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The meters of one running stage: a registry whose every meter carries the tags {@code stage} and {@code instance}.
 * Served at {@code /metrics} when the stage was started with a metrics port, with the JVM binders (memory, GC,
 * threads, class loading, processor, uptime) and the Kafka Streams ones bound; kept in memory otherwise, where only
 * the stage's own meters are recorded (nobody reads the rest). Closing it stops the endpoint and the binders.
 */
public final class StageMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Optional<MetricsEndpoint> endpoint;
    private final List<AutoCloseable> binders = new ArrayList<>();

    private StageMetrics(MeterRegistry registry, Optional<MetricsEndpoint> endpoint, String stage, String instance) {
        this.registry = registry;
        this.endpoint = endpoint;
        registry.config().commonTags("stage", stage, "instance", instance);
        if (endpoint.isPresent()) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(registry);
            binders.add(gc);
        }
    }

    /** Meters kept in memory only: the stage runs without a metrics endpoint. */
    public static StageMetrics inMemory(String stage, String instance) {
        return new StageMetrics(new SimpleMeterRegistry(), Optional.empty(), stage, instance);
    }

    /**
     * Meters served for Prometheus at {@code address}.
     *
     * @throws MetricsPortUnavailableException when the address cannot be bound
     */
    public static StageMetrics served(String stage, String instance, InetSocketAddress address) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            return new StageMetrics(prometheus, Optional.of(MetricsEndpoint.serve(prometheus, address)), stage,
                    instance);
        } catch (RuntimeException e) {
            prometheus.close();
            throw e;
        }
    }

    /** The registry the stage records into. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Where the metrics are served; empty when they are kept in memory only. */
    public Optional<URI> uri() {
        return endpoint.map(MetricsEndpoint::uri);
    }

    /**
     * Exports every Kafka Streams metric of {@code streams} (its clients', threads', tasks' and processors' ones,
     * custom sensors included), tagged with its application id, when the meters are served. Kafka registers task
     * metrics as tasks are assigned; they are picked up within {@link MetricRefresh#PERIOD}.
     */
    public void bind(KafkaStreams streams, String applicationId) {
        if (endpoint.isEmpty()) {
            return;
        }
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams, Tags.of("application", applicationId),
                new MetricRefresh());
        metrics.bindTo(registry);
        binders.add(metrics);
    }

    /** Stops the endpoint, then the binders, then the registry. */
    @Override
    public void close() {
        endpoint.ifPresent(MetricsEndpoint::close);
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // A binder that fails to let go of its listener must not keep the stage from closing.
            }
        }
        registry.close();
    }
}
