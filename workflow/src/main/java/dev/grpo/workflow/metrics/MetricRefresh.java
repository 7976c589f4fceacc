package dev.grpo.workflow.metrics;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler of a Kafka metrics binder. Micrometer's Kafka binders look for newly registered Kafka metrics once a
 * minute, but Kafka Streams registers task, processor and custom-sensor metrics only as tasks are assigned: with this
 * scheduler they are found within {@link #PERIOD} instead, at the cost of scanning the metric map that often.
 */
final class MetricRefresh extends ScheduledThreadPoolExecutor {

    /** How often new Kafka metrics are looked for. */
    static final Duration PERIOD = Duration.ofSeconds(5);

    MetricRefresh() {
        super(1, work -> {
            Thread thread = new Thread(work, "grpo-kafka-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code command} every {@link #PERIOD} at most, whatever period the binder asked for. */
    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        long every = Math.min(unit.toMillis(period), PERIOD.toMillis());
        return super.scheduleAtFixedRate(command, Math.min(unit.toMillis(initialDelay), every), every,
                TimeUnit.MILLISECONDS);
    }
}
