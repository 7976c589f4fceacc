package dev.grpo.policy;

import java.time.Duration;

/**
 * Where pretraining stands after a step.
 *
 * @param step steps done so far (1-based)
 * @param totalSteps steps planned
 * @param loss this step's mean next-token loss (nats per completion token)
 * @param tokensPerSecond tokens (prompt and completion) processed per second since the start
 * @param elapsed time since the start
 */
public record PretrainProgress(int step, int totalSteps, float loss, double tokensPerSecond, Duration elapsed) {

    /** @return the estimated time left, at the average pace so far */
    public Duration remaining() {
        return elapsed.multipliedBy(totalSteps - step).dividedBy(Math.max(1, step));
    }
}
