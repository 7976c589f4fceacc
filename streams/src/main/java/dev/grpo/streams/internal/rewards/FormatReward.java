package dev.grpo.streams.internal.rewards;

import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.Score;

/**
 * DeepSeek-R1-Zero's format reward: 1 when the completion is {@code <think>…</think>} followed by
 * {@code <answer>…</answer>}, each tag exactly once, with only white space around and between the
 * blocks and a non-blank answer; else 0. Scanned by index, never by a backtracking regex.
 */
public final class FormatReward implements RewardFunction {

    /** The component name. */
    public static final String NAME = "format";

    private static final String[] TAGS = {"<think>", "</think>", "<answer>", "</answer>"};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "format-1/think-then-answer";
    }

    @Override
    public Score score(Completion completion) {
        String text = completion.judgedText();
        int[] at = new int[TAGS.length];
        for (int i = 0; i < TAGS.length; i++) {
            at[i] = text.indexOf(TAGS[i]);
            if (at[i] < 0 || text.indexOf(TAGS[i], at[i] + 1) >= 0) {
                return Score.of(0.0, TAGS[i] + (at[i] < 0 ? " missing" : " appears more than once"));
            }
        }
        if (!(at[0] < at[1] && at[1] < at[2] && at[2] < at[3])) {
            return Score.of(0.0, "tags out of order");
        }
        boolean onlySpaceOutside = text.substring(0, at[0]).isBlank()
                && text.substring(at[1] + TAGS[1].length(), at[2]).isBlank()
                && text.substring(at[3] + TAGS[3].length()).isBlank();
        if (!onlySpaceOutside) {
            return Score.of(0.0, "text outside the think and answer blocks");
        }
        if (text.substring(at[2] + TAGS[2].length(), at[3]).isBlank()) {
            return Score.of(0.0, "empty answer");
        }
        return Score.of(1.0, "think then answer");
    }
}
