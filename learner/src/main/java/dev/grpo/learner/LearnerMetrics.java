package dev.grpo.learner;

import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.StageClock;
import dev.grpo.schemas.StageTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Publishes each step's {@link StepMetrics} to the log and to Micrometer, under {@code grpo.learner.*} with a
 * {@code learner} tag: gauges for the latest step's values, counters for totals (dead letters by reason), a histogram
 * of staleness, timers for waiting versus computing and for the time from a group's assembly to the step that trained
 * it, and the learner's {@link StageTime} as counters {@code grpo.learner.busy} (training and checkpointing) and
 * {@code grpo.learner.idle} (the rest: waiting for data).
 */
final class LearnerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerMetrics.class);

    private final MeterRegistry registry;
    private final String learnerId;
    private final AtomicReference<StepMetrics> latest = new AtomicReference<>();
    private final Map<String, Double> componentMeans = new ConcurrentHashMap<>();
    private final Counter steps;
    private final Counter tokens;
    private final Counter stale;
    private final DistributionSummary staleness;
    private final Timer waiting;
    private final Timer computing;
    private final Timer assembledToTrained;
    private final StageClock clock = new StageClock();

    /**
     * @param registry where the meters go
     * @param learnerId the value of the {@code learner} tag
     */
    public LearnerMetrics(MeterRegistry registry, String learnerId) {
        this.registry = registry;
        this.learnerId = learnerId;
        steps = Counter.builder("grpo.learner.steps").tag("learner", learnerId).register(registry);
        tokens = Counter.builder("grpo.learner.tokens").tag("learner", learnerId).register(registry);
        stale = Counter.builder("grpo.learner.stale").tag("learner", learnerId)
                .description("samples refused as past the staleness bound").register(registry);
        // staleness is a whole number: one bucket per version up to the usual bounds, then coarser; Micrometer takes
        // only positive bounds, so "le 0.5" is the bucket of staleness 0
        staleness = DistributionSummary.builder("grpo.learner.staleness").tag("learner", learnerId)
                .description("v - policy_version of trained samples")
                .serviceLevelObjectives(0.5, 1, 2, 3, 4, 6, 8, 16, 32).register(registry);
        waiting = Timer.builder("grpo.learner.wait").tag("learner", learnerId).register(registry);
        computing = Timer.builder("grpo.learner.compute").tag("learner", learnerId).register(registry);
        assembledToTrained = Timer.builder("grpo.learner.assembled.to.trained").tag("learner", learnerId)
                .description("from a group's assembly (assembled_at) to the end of the step that trained it")
                .publishPercentileHistogram().register(registry);
        FunctionCounter.builder("grpo.learner.busy", clock, c -> c.time().busySeconds()).tag("learner", learnerId)
                .baseUnit("seconds").description("time spent training and checkpointing").register(registry);
        FunctionCounter.builder("grpo.learner.idle", clock, c -> c.time().idleSeconds()).tag("learner", learnerId)
                .baseUnit("seconds").description("time not training or checkpointing: waiting for data")
                .register(registry);
        gauge("version", m -> m.version());
        gauge("loss", m -> m.outcome().loss());
        gauge("loss.policy", m -> m.outcome().policyLoss());
        gauge("loss.kl", m -> m.outcome().klLoss());
        gauge("clip.fraction", m -> m.outcome().clipFraction());
        gauge("entropy", m -> m.outcome().entropy());
        gauge("gradient.norm", m -> m.outcome().gradientNorm());
        gauge("learning.rate", m -> m.outcome().learningRate());
        gauge("reward.mean", StepMetrics::meanReward);
        gauge("completion.length.mean", StepMetrics::meanCompletionLength);
        gauge("tokens.per.second", StepMetrics::tokensPerSecond);
    }

    private void gauge(String name, ToDoubleFunction<StepMetrics> value) {
        Gauge.builder("grpo.learner." + name, latest, r -> r.get() == null ? Double.NaN : value.applyAsDouble(r.get()))
                .tag("learner", learnerId).register(registry);
    }

    /**
     * Logs a step and updates the meters.
     *
     * @param metrics the step
     */
    public void record(StepMetrics metrics) {
        latest.set(metrics);
        steps.increment();
        tokens.increment(metrics.outcome().tokens());
        metrics.staleness().forEach((value, count) -> {
            for (int i = 0; i < count; i++) {
                staleness.record(value);
            }
        });
        waiting.record(Duration.ofNanos((long) (metrics.waitSeconds() * 1e9)));
        computing.record(Duration.ofNanos((long) (metrics.computeSeconds() * 1e9)));
        metrics.meanRewardComponents().forEach((component, mean) -> {
            if (componentMeans.put(component, mean) == null) {
                Gauge.builder("grpo.learner.reward.component.mean", componentMeans,
                                means -> means.getOrDefault(component, Double.NaN))
                        .tag("learner", learnerId).tag("component", component).register(registry);
            }
        });
        LOG.info("{}", metrics.summary());
    }

    /** @return the clock that training and checkpointing mark busy, started with these meters */
    public StageClock clock() {
        return clock;
    }

    /** @return busy (training, checkpointing) and idle time since the learner was created */
    public StageTime stageTime() {
        return clock.time();
    }

    /** Counts samples forwarded to the stale topic. */
    public void staleForwarded(int count) {
        stale.increment(count);
    }

    /**
     * Counts one dead-lettered record.
     *
     * @param reason its error type, tagged by its wire name (e.g. {@code INCOMPLETE_GROUP}): a short fixed word
     */
    public void deadLettered(DeadLetterReason reason) {
        Counter.builder("grpo.learner.dead.letters").tag("learner", learnerId).tag("reason", reason.wireName())
                .register(registry).increment();
    }

    /** @param latency from a trained group's assembly to the end of its step */
    public void trained(Duration latency) {
        assembledToTrained.record(latency);
    }

    /** Exports Kafka's own metrics of {@code consumer} (fetch rates, lag, ...) until the result is closed. */
    public KafkaClientMetrics bind(Consumer<?, ?> consumer) {
        KafkaClientMetrics client = new KafkaClientMetrics(consumer);
        client.bindTo(registry);
        return client;
    }

    /** Exports Kafka's own metrics of {@code producer} (send rates, errors, ...) until the result is closed. */
    public KafkaClientMetrics bind(Producer<?, ?> producer) {
        KafkaClientMetrics client = new KafkaClientMetrics(producer);
        client.bindTo(registry);
        return client;
    }
}
