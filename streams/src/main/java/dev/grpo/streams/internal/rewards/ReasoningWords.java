package dev.grpo.streams.internal.rewards;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Counts the words of a reasoning text and how many of them are written in a given set of
 * scripts. A word is a run of letters; each Han, Hiragana, Katakana or Hangul character is a
 * word by itself. Digits, punctuation, math symbols, LaTeX commands, inline math
 * ({@code $…$}, {@code \(…\)}, {@code \[…\]}) and single letters standing next to a math symbol
 * ({@code x} in {@code x + 3 = 5}) are not words. A word counts as in-language only when every
 * one of its letters is, so a homoglyph word mixing Latin and Cyrillic counts against both.
 */
public final class ReasoningWords {

    private static final Set<UnicodeScript> CHARACTER_WORDS =
            EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA, UnicodeScript.HANGUL);
    private static final Pattern INLINE_MATH =
            Pattern.compile("\\$\\$[^$]*\\$\\$|\\$[^$]*\\$|\\\\\\((?:[^\\\\]|\\\\(?!\\)))*\\\\\\)|\\\\\\[(?:[^\\\\]|\\\\(?!\\]))*\\\\\\]");
    private static final Pattern LATEX_COMMAND = Pattern.compile("\\\\[A-Za-z]+");
    private static final String MATH_SYMBOLS = "+-*/=<>^_()[]{}|\u00d7\u00f7\u00b7\u2212\u2264\u2265\u2260\u00b1";

    private final Set<UnicodeScript> target;
    private final boolean latinInTarget;
    private int wordStart = -1;
    private boolean wordInTarget = true;
    private int words;
    private int inTarget;

    private ReasoningWords(Set<UnicodeScript> target) {
        // An EnumSet answers contains() with a bit test; it is asked once per letter of every completion.
        this.target = EnumSet.noneOf(UnicodeScript.class);
        this.target.addAll(target);
        this.latinInTarget = target.contains(UnicodeScript.LATIN);
    }

    /** The counts for {@code text} against the {@code target} scripts. */
    public static Count count(String text, Set<UnicodeScript> target) {
        ReasoningWords counter = new ReasoningWords(target);
        boolean mayHoldLatex = text.indexOf('$') >= 0 || text.indexOf('\\') >= 0;
        counter.scan(mayHoldLatex ? LATEX_COMMAND.matcher(INLINE_MATH.matcher(text).replaceAll(" ")).replaceAll(" ") : text);
        return new Count(counter.words, counter.inTarget);
    }

    private void scan(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c < 128) {
                ascii(text, i, c);
                i++;
            } else {
                int cp = text.codePointAt(i);
                nonAscii(text, i, cp);
                i += Character.charCount(cp);
            }
        }
        finishWord(text, text.length());
    }

    /** Most reasoning is ASCII: its letters are Latin, anything else ends a word unless it joins two letters. */
    private void ascii(String text, int i, char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            if (wordStart < 0) {
                wordStart = i;
                wordInTarget = true;
            }
            wordInTarget &= latinInTarget;
        } else if (!(wordStart >= 0 && isJoiner(text, i, c))) {
            finishWord(text, i);
        }
    }

    private void nonAscii(String text, int i, int cp) {
        UnicodeScript script = UnicodeScript.of(cp);
        boolean letter = Character.isLetter(cp) || wordStart >= 0 && Character.getType(cp) == Character.NON_SPACING_MARK;
        boolean neutral = script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED;
        if (letter && CHARACTER_WORDS.contains(script)) {
            finishWord(text, i);
            record(target.contains(script));
        } else if (letter && !(neutral && wordStart < 0)) {
            if (wordStart < 0) {
                wordStart = i;
                wordInTarget = true;
            }
            wordInTarget &= neutral || target.contains(script);
        } else if (!(wordStart >= 0 && isJoiner(text, i, cp))) {
            finishWord(text, i);
        }
    }

    /** An apostrophe or hyphen between two letters keeps a word together ("don't", "well-known"). */
    private static boolean isJoiner(String text, int i, int cp) {
        boolean joiner = cp == '\'' || cp == '\u2019' || cp == '-';
        return joiner && i + 1 < text.length() && Character.isLetter(text.codePointAt(i + 1));
    }

    /** Ends the word in progress, if any, at {@code end}; a single letter beside math is a symbol, not a word. */
    private void finishWord(String text, int end) {
        if (wordStart < 0) {
            return;
        }
        boolean symbol = end - wordStart <= 2 && text.codePointCount(wordStart, end) == 1 && besideMath(text, wordStart, end);
        if (!symbol) {
            record(wordInTarget);
        }
        wordStart = -1;
    }

    private void record(boolean wordInTarget) {
        words++;
        if (wordInTarget) {
            inTarget++;
        }
    }

    private static boolean besideMath(String text, int start, int end) {
        return isMath(nearest(text, start - 1, -1)) || isMath(nearest(text, end, 1));
    }

    private static int nearest(String text, int from, int step) {
        for (int i = from; i >= 0 && i < text.length(); i += step) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return -1;
    }

    private static boolean isMath(int c) {
        return c >= 0 && (Character.isDigit(c) || MATH_SYMBOLS.indexOf(c) >= 0);
    }

    /**
     * @param words all words
     * @param inTarget words written wholly in the target scripts
     */
    public record Count(int words, int inTarget) {
    }
}
