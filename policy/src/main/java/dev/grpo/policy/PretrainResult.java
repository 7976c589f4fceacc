package dev.grpo.policy;

import java.time.Duration;

/**
 * The outcome of a pretraining run.
 *
 * @param steps steps done
 * @param firstLoss the loss of the first step
 * @param finalLoss the mean loss over the last tenth of the steps
 * @param tokens tokens processed
 * @param elapsed wall time
 */
public record PretrainResult(int steps, float firstLoss, float finalLoss, long tokens, Duration elapsed) {
}
