/**
 * Prometheus metrics of the long-running stages: {@link dev.grpo.cli.metrics.MetricsOptions} is the
 * {@code --metrics-port}/{@code --metrics-host} pair every stage command mixes in, {@link dev.grpo.cli.metrics.StageMetrics}
 * the registry a stage records into (with the JVM and Kafka binders Micrometer ships), and
 * {@link dev.grpo.cli.metrics.MetricsEndpoint} the {@code GET /metrics} server that Prometheus scrapes.
 */
package dev.grpo.cli.metrics;
