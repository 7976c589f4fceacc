package dev.grpo.streams.internal.rewards.math;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the final answer(s) a completion commits to: the content of {@code <answer>…</answer>}
 * after the reasoning (a {@code \boxed{…}} inside it wins), or without answer tags the last
 * {@code \boxed{…}} of the completion. Several candidates mean several answers were given.
 */
public final class FinalAnswer {

    private static final String OPEN = "<answer>";
    private static final String CLOSE = "</answer>";
    private static final String END_OF_THINKING = "</think>";

    private FinalAnswer() {
    }

    /** Every answer the completion gives, in order; empty when it gives none. */
    public static List<String> candidates(String completion) {
        int thinkingEnds = completion.lastIndexOf(END_OF_THINKING);
        int from = thinkingEnds < 0 ? 0 : thinkingEnds + END_OF_THINKING.length();
        List<String> blocks = answerBlocks(completion, from);
        if (blocks.isEmpty()) {
            List<String> boxed = boxed(completion);
            return boxed.isEmpty() ? List.of() : List.of(boxed.get(boxed.size() - 1));
        }
        List<String> candidates = new ArrayList<>();
        for (String block : blocks) {
            List<String> boxed = boxed(block);
            candidates.addAll(boxed.isEmpty() ? List.of(block.strip()) : boxed);
        }
        return candidates;
    }

    private static List<String> answerBlocks(String text, int from) {
        List<String> blocks = new ArrayList<>();
        int open = text.indexOf(OPEN, from);
        while (open >= 0) {
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                break;
            }
            blocks.add(text.substring(open + OPEN.length(), close));
            open = text.indexOf(OPEN, close + CLOSE.length());
        }
        return blocks;
    }

    /** The contents of every {@code \boxed{…}} (or {@code \fbox{…}}), braces matched. */
    static List<String> boxed(String text) {
        List<String> contents = new ArrayList<>();
        int at = nextBox(text, 0);
        while (at >= 0) {
            int brace = at;
            while (brace < text.length() && text.charAt(brace) != '{' && Character.isWhitespace(text.charAt(brace))) {
                brace++;
            }
            if (brace >= text.length() || text.charAt(brace) != '{') {
                at = nextBox(text, brace);
                continue;
            }
            int close = AnswerText.matchingBrace(text, brace + 1);
            if (close < 0) {
                break;
            }
            contents.add(text.substring(brace + 1, close).strip());
            at = nextBox(text, close + 1);
        }
        return contents;
    }

    /** Index just after the next box command, or -1. */
    private static int nextBox(String text, int from) {
        int boxed = text.indexOf("\\boxed", from);
        int fbox = text.indexOf("\\fbox", from);
        if (boxed < 0 && fbox < 0) {
            return -1;
        }
        if (fbox < 0 || boxed >= 0 && boxed < fbox) {
            return boxed + "\\boxed".length();
        }
        return fbox + "\\fbox".length();
    }
}
