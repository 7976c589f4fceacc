package dev.grpo.policy;

import java.time.Duration;

/**
 * Where a fine-tuning run stands after one optimiser step.
 *
 * @param step the 1-based step just taken
 * @param totalSteps steps of the whole run
 * @param epoch the 1-based epoch the step belongs to
 * @param loss the step's mean loss per completion token
 * @param tokensPerSecond prompt and completion tokens processed per second so far
 * @param elapsed time since the run started
 */
public record FineTuneProgress(int step, int totalSteps, int epoch, float loss, double tokensPerSecond,
                               Duration elapsed) {

    /** @return the time the remaining steps will take at the pace so far */
    public Duration remaining() {
        return elapsed.multipliedBy(totalSteps - step).dividedBy(Math.max(1, step));
    }
}
