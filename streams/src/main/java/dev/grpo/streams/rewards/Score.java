package dev.grpo.streams.rewards;

/**
 * One reward function's unweighted score for one completion.
 *
 * @param value the score; rule rewards lie in [0, 1]
 * @param detail a short human-readable explanation (the extracted answer, or why it scored 0)
 */
public record Score(double value, String detail) {

    /** A score of {@code value} with an explanation. */
    public static Score of(double value, String detail) {
        return new Score(value, detail);
    }
}
