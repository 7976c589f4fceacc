package dev.grpo.streams.internal.rewards;

import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.Score;

/** A test reward plugged in through the SPI alone: the number of characters in the answer block. */
public final class AnswerLengthReward implements RewardFunction {

    @Override
    public String name() {
        return "answer_length";
    }

    @Override
    public String version() {
        return "answer_length-test";
    }

    @Override
    public Score score(Completion completion) {
        String text = completion.judgedText();
        int open = text.indexOf("<answer>");
        int close = text.indexOf("</answer>");
        int length = open >= 0 && close > open ? close - open - "<answer>".length() : 0;
        return Score.of(length, length + " characters");
    }
}
