package dev.grpo.streams.internal.rewards.math;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalisation of a final answer before it is parsed: the presentation differences that never
 * change a value (math delimiters, {@code \left}/{@code \right}, {@code \dfrac}, thousands
 * separators, degrees, percent, {@code \text{units}}, answer phrases) are
 * removed, so that only the value is left to compare. Every pattern here is linear-time.
 */
final class AnswerText {

    private static final List<String> ANSWER_PHRASES = List.of("the final answer is", "final answer is",
            "the answer is", "final answer:", "answer:", "answer is", "答案是", "答案为", "答案：", "答案:", "答：", "答:",
            "所以", "因此");
    private static final List<String[]> SYMBOLS = List.of(
            new String[] {"\u2212", "-"}, new String[] {"\u00d7", "*"}, new String[] {"\u00f7", "/"},
            new String[] {"\u00b7", "*"}, new String[] {"\u22c5", "*"}, new String[] {"\u221a", "\\sqrt"},
            new String[] {"\u03c0", "\\pi "}, new String[] {"\u221e", "\\infty "}, new String[] {"\u2264", "\\le "},
            new String[] {"\u2265", "\\ge "}, new String[] {"\u2260", "\\ne "}, new String[] {"\u00b1", "\\pm "},
            new String[] {"\u00b0", ""}, new String[] {"\u2013", "-"}, new String[] {"\uff0c", ","},
            new String[] {"\u3002", "."}, new String[] {"\u2044", "/"});
    private static final List<String> DROPPED = List.of("\\displaystyle", "\\left.", "\\right.", "\\left",
            "\\right", "\\!", "\\,", "\\;", "\\:", "\\quad", "\\qquad", "\\ ", "~", "$", "\\%", "%", "\\(", "\\)",
            "\\[", "\\]", "^{\\circ}", "^\\circ", "\\circ", "\\degree", "{,}");
    private static final Pattern TEXT_COMMAND =
            Pattern.compile("\\\\(?:text|textbf|textit|textrm|mathrm|mathbf|mbox|operatorname)\\s*\\{");
    private static final Pattern UNIT_TEXT = Pattern.compile("[\\p{L} .]+");
    private static final Pattern THOUSANDS = Pattern.compile("(?<![\\d.])\\d{1,3}(?:[, ]\\d{3})+(?![\\d])");
    private static final Pattern UNIT_WORD = Pattern.compile("(?<=[\\d)}])\\s*(?:(?:square|sq|cubic)\\s+)?"
            + "(?:cm|mm|km|kg|mg|ml|meters?|metres?|inch(?:es)?|feet|foot|ft|yards?|miles?|mph|seconds?|secs?"
            + "|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|dollars?|cents?|units?|degrees?|percent"
            + "|liters?|litres?|grams?|kilograms?|pounds?|lbs?|ounces?|oz|radians?"
            + "|元|个|米|厘米|千米|公里|千克|克|岁|天|小时|分钟|秒|人|只|本|块|度)(?:\\^\\{?[23]\\}?)?(?![\\p{L}])");
    private static final Pattern UNIT_POWER = Pattern.compile("^\\s*\\^\\s*\\{?[23]\\}?");
    private static final String SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
    private static final Pattern FRAC_SHORTHAND = Pattern.compile("\\\\(frac|sqrt)\\s*(\\d)(\\d)?");

    private AnswerText() {
    }

    /** The answer reduced to what its value depends on. */
    public static String normalise(String answer) {
        String plain = answer.strip();
        if (IntegerLiteral.is(plain)) {
            return plain;
        }
        String text = Normalizer.normalize(superscriptsAsPowers(answer), Normalizer.Form.NFKC);
        for (String[] symbol : SYMBOLS) {
            text = text.replace(symbol[0], symbol[1]);
        }
        text = text.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\cfrac", "\\frac")
                .replace("\\dbinom", "\\binom").replace("\\tbinom", "\\binom").replace("\\$", "");
        for (String dropped : DROPPED) {
            text = text.replace(dropped, dropped.equals("{,}") ? "," : " ");
        }
        text = unwrapText(text);
        text = stripAnswerPhrase(text.strip());
        text = UNIT_WORD.matcher(text).replaceAll("");
        text = joinThousands(text);
        text = expandShorthand(text);
        text = text.strip();
        while (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.replaceAll("\\s+", " ");
    }

    /**
     * A looser form for answers that are words rather than math: lower case, no white space, no
     * braces or bracketed choice letters ({@code (B)} is {@code b}).
     */
    public static String asWords(String normalised) {
        String text = normalised.toLowerCase(Locale.ROOT).replaceAll("[\\s{}]", "");
        return text.matches("\\([a-z]\\)") ? text.substring(1, 2) : text;
    }

    /**
     * {@code \text{...}} and friends: units and other words inside are dropped, {@code or}/{@code and}
     * stay as separators, anything else keeps its content.
     */
    private static String unwrapText(String text) {
        StringBuilder out = new StringBuilder();
        Matcher command = TEXT_COMMAND.matcher(text);
        int from = 0;
        while (command.find(from)) {
            int close = matchingBrace(text, command.end());
            if (close < 0) {
                break;
            }
            out.append(text, from, command.start()).append(' ');
            String content = textContent(text.substring(command.end(), close).strip(), out);
            out.append(content).append(' ');
            from = close + 1;
            Matcher unitPower = UNIT_POWER.matcher(text.substring(from));
            if (content.isEmpty() && unitPower.find()) {
                from += unitPower.end();
            }
        }
        return out.append(text.substring(from)).toString();
    }

    /** {@code x²} is {@code x^2} (NFKC alone would make it {@code x2}). */
    private static String superscriptsAsPowers(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (SUPERSCRIPT_DIGITS.indexOf(text.charAt(i)) < 0) {
                out.append(text.charAt(i++));
                continue;
            }
            out.append("^{");
            while (i < text.length() && SUPERSCRIPT_DIGITS.indexOf(text.charAt(i)) >= 0) {
                out.append(SUPERSCRIPT_DIGITS.indexOf(text.charAt(i++)));
            }
            out.append('}');
        }
        return out.toString();
    }

    private static String textContent(String content, CharSequence before) {
        String lower = content.toLowerCase(Locale.ROOT);
        if (lower.equals("or") || lower.equals("and") || lower.equals("i")) {
            return lower;
        }
        boolean afterValue = before.toString().strip().matches("(?s).*[\\d)}\\]]$");
        return afterValue && UNIT_TEXT.matcher(content).matches() ? "" : content;
    }

    /** Index of the '}' closing the brace group that starts just before {@code from}, or -1 when unbalanced. */
    static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String stripAnswerPhrase(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String phrase : ANSWER_PHRASES) {
            if (lower.startsWith(phrase)) {
                return text.substring(phrase.length()).strip();
            }
        }
        return text;
    }

    /** {@code 1,234,567} and {@code 1 234 567} (also from {@code 1{,}234} and {@code 1\,234}) become {@code 1234567}. */
    private static String joinThousands(String text) {
        return THOUSANDS.matcher(text).replaceAll(match -> match.group().replaceAll("[, ]", ""));
    }

    /** {@code \frac12} is {@code \frac{1}{2}}; {@code \sqrt2} is {@code \sqrt{2}}. */
    private static String expandShorthand(String text) {
        return FRAC_SHORTHAND.matcher(text).replaceAll(match -> {
            String second = match.group(2 + 1);
            if (match.group(1).equals("frac") && second != null) {
                return "\\\\frac{" + match.group(2) + "}{" + second + "}";
            }
            return "\\\\" + match.group(1) + "{" + match.group(2) + "}" + (second == null ? "" : second);
        });
    }
}
