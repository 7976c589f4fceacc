package dev.grpo.streams.spi;

/**
 * One reward function's unweighted score for one completion.
 *
 * @param value the score; rule rewards lie in [0, 1]
 * @param detail a short human-readable explanation (the extracted answer, or why it scored 0)
 */
public record Score(double value, String detail) {

    /** The longest detail a published {@code RewardScore} carries, in characters; longer ones are cut. */
    public static final int MAX_PUBLISHED_DETAIL = 240;

    /** A score of {@code value} with an explanation. */
    public static Score of(double value, String detail) {
        return new Score(value, detail);
    }

    /**
     * {@code detail} as a published {@code RewardScore} carries it: cut to {@link #MAX_PUBLISHED_DETAIL} characters
     * and marked with an ellipsis when longer, so one explanation cannot bloat the reward topics; null stays null.
     */
    public static String publishedDetail(String detail) {
        return detail == null || detail.length() <= MAX_PUBLISHED_DETAIL ? detail
                : detail.substring(0, MAX_PUBLISHED_DETAIL) + "…";
    }
}
