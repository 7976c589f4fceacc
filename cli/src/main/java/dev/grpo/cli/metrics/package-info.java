/**
 * {@link dev.grpo.cli.metrics.MetricsOptions}: the {@code --metrics-port}/{@code --metrics-host} pair every stage
 * command mixes in, which opens the stage's {@link dev.grpo.workflow.metrics.StageMetrics}.
 */
package dev.grpo.cli.metrics;
