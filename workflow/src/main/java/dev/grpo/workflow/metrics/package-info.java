/**
 * The meters of a running stage: {@link dev.grpo.workflow.metrics.StageMetrics} is the registry a stage records into
 * (with the JVM and Kafka binders Micrometer ships) and {@link dev.grpo.workflow.metrics.MetricsEndpoint} the
 * {@code GET /metrics} server that Prometheus scrapes. Here rather than in {@code cli} because the demo job records
 * into it too.
 */
package dev.grpo.workflow.metrics;
