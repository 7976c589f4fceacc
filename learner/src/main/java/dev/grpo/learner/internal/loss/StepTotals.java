package dev.grpo.learner.internal.loss;

/**
 * The size of a whole optimiser step, which every mini-batch normalises by so that accumulated gradients equal the
 * gradient of the step's loss.
 *
 * @param tokens completion tokens in the step
 * @param sequences completions in the step
 */
public record StepTotals(long tokens, int sequences) {

    /** Both counts must be positive. */
    public StepTotals {
        if (tokens <= 0 || sequences <= 0) {
            throw new IllegalArgumentException("a step needs tokens and sequences, got " + tokens + " and " + sequences);
        }
    }
}
