package dev.grpo.streams.internal.rewards.math;

/**
 * The outcome of checking a completion's final answer against the ground truth.
 *
 * @param outcome what was decided
 * @param detail a short human-readable explanation (the extracted answer, or why it was not verified)
 */
public record Verdict(Outcome outcome, String detail) {

    /** What the check decided; only {@link #CORRECT} earns the accuracy reward. */
    public enum Outcome {
        /** Equivalent to the ground truth. */
        CORRECT,
        /** Parsed, and not equivalent. */
        WRONG,
        /** Several different answers were given ("3 or 4", two boxed values). */
        HEDGED,
        /** No final answer could be found in the completion. */
        NO_ANSWER,
        /** The answer or ground truth could not be parsed or was too large to decide. */
        UNVERIFIABLE,
        /** The check did not finish within its time budget. */
        TIMED_OUT
    }

    public boolean correct() {
        return outcome == Outcome.CORRECT;
    }
}
