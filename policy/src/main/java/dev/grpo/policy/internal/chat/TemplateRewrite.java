package dev.grpo.policy.internal.chat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small rewrite that lets Jinjava parse the Jinja that real chat templates use, applied inside {@code {{ }}} and
 * {@code {% %}} tags only (never to literal text or string literals):
 * <ul>
 *   <li>{@code seq[::-1]} becomes {@code seq|reverse}: Jinjava slices {@code [a:b]} but not with a step (Qwen3
 *       walks {@code messages[::-1]});</li>
 *   <li>a keyword argument's value gets parentheses, {@code f(a=x - 1)} becomes {@code f(a=(x - 1))}: Jinjava binds
 *       {@code =} tighter than {@code +}, {@code -}, {@code ~}, {@code and}, {@code or} (Qwen3's
 *       {@code namespace(last_query_index=messages|length - 1)});</li>
 *   <li>the operand of a unary {@code not} gets parentheses up to the next {@code and}, {@code or}, {@code if},
 *       {@code else}, comma or closing bracket, {@code not x is defined} becomes {@code not (x is defined)}: in Jinja
 *       {@code not} binds looser than tests and comparisons, in Jinjava tighter (DeepSeek-V3's
 *       {@code if not add_generation_prompt is defined});</li>
 *   <li>one trailing newline of the template is dropped, as Jinja does by default.</li>
 * </ul>
 */
final class TemplateRewrite {

    private static final Pattern KEYWORD = Pattern.compile("\\s*[A-Za-z_]\\w*\\s*=(?!=)");
    private static final Pattern MACRO_OR_CALL = Pattern.compile("[-+]?\\s*(macro|call)\\b.*", Pattern.DOTALL);
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]\\w*");
    private static final Set<String> BEFORE_UNARY = Set.of("and", "or", "not", "if", "elif", "else");
    private static final Set<String> AFTER_OPERAND = Set.of("and", "or", "if", "else");
    private static final Map<String, String> CLOSERS = Map.of("{{", "}}", "{%", "%}", "{#", "#}");

    private TemplateRewrite() {
    }

    /**
     * @param template a Jinja template as Hugging Face renders it
     * @return the same template in the Jinja that Jinjava parses
     */
    static String forJinjava(String template) {
        String source = template.endsWith("\n") ? template.substring(0, template.length() - 1) : template;
        StringBuilder out = new StringBuilder(source.length());
        int at = 0;
        while (at < source.length()) {
            int open = source.indexOf('{', at);
            String opener = open < 0 || open + 1 >= source.length() ? null : source.substring(open, open + 2);
            if (opener == null || !CLOSERS.containsKey(opener)) {
                int next = open < 0 ? source.length() : open + 1;
                out.append(source, at, next);
                at = next;
                continue;
            }
            int close = closing(source, open + 2, CLOSERS.get(opener));
            String inside = source.substring(open + 2, close);
            out.append(source, at, open + 2).append(opener.equals("{#") ? inside : expression(inside));
            at = close;
        }
        return out.toString();
    }

    /** @return where the tag's closer starts, skipping string literals (the end of the text when it never closes) */
    private static int closing(String source, int from, String closer) {
        int at = from;
        while (at < source.length() && !source.startsWith(closer, at)) {
            at = skipString(source, at);
        }
        return Math.min(at, source.length());
    }

    /** @return the index after the string literal starting at {@code at}, or {@code at + 1} when none starts there */
    private static int skipString(String text, int at) {
        char quote = text.charAt(at);
        if (quote != '\'' && quote != '"') {
            return at + 1;
        }
        int end = at + 1;
        while (end < text.length() && text.charAt(end) != quote) {
            end += text.charAt(end) == '\\' ? 2 : 1;
        }
        return Math.min(end + 1, text.length());
    }

    private static String expression(String inside) {
        String reversed = reverseSlices(inside);
        Map<Integer, String> insertions = new TreeMap<>();
        if (!MACRO_OR_CALL.matcher(reversed).matches()) {
            parenthesizeKeywordValues(reversed, insertions);
        }
        parenthesizeNegations(reversed, insertions);
        StringBuilder out = new StringBuilder(reversed.length() + insertions.size() * 2);
        int at = 0;
        for (Map.Entry<Integer, String> insertion : insertions.entrySet()) {
            out.append(reversed, at, insertion.getKey()).append(insertion.getValue());
            at = insertion.getKey();
        }
        return out.append(reversed.substring(at)).toString();
    }

    /** Replaces every {@code [::-1]} outside string literals with {@code |reverse}. */
    private static String reverseSlices(String inside) {
        StringBuilder out = new StringBuilder(inside.length());
        int at = 0;
        while (at < inside.length()) {
            if (inside.startsWith("[::-1]", at)) {
                out.append("|reverse");
                at += "[::-1]".length();
                continue;
            }
            int next = skipString(inside, at);
            out.append(inside, at, next);
            at = next;
        }
        return out.toString();
    }

    /** Marks the value of every keyword argument ({@code name=value} inside a call's parentheses). */
    private static void parenthesizeKeywordValues(String inside, Map<Integer, String> insertions) {
        Deque<Character> brackets = new ArrayDeque<>();
        Deque<Integer> argumentStarts = new ArrayDeque<>();
        int at = 0;
        while (at < inside.length()) {
            char c = inside.charAt(at);
            if (c == '\'' || c == '"') {
                at = skipString(inside, at);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                brackets.push(c);
                argumentStarts.push(at + 1);
            } else if (!brackets.isEmpty() && (c == ')' || c == ']' || c == '}')) {
                if (brackets.pop() == '(') {
                    parenthesizeKeywordValue(inside, argumentStarts.peek(), at, insertions);
                }
                argumentStarts.pop();
            } else if (c == ',' && !brackets.isEmpty() && brackets.peek() == '(') {
                parenthesizeKeywordValue(inside, argumentStarts.pop(), at, insertions);
                argumentStarts.push(at + 1);
            }
            at++;
        }
    }

    /** Marks the operand of every unary {@code not} (outside string literals) for parentheses. */
    private static void parenthesizeNegations(String inside, Map<Integer, String> insertions) {
        Matcher word = WORD.matcher(inside);
        String previous = null;
        int previousEnd = 0;
        int at = 0;
        while (at < inside.length()) {
            char c = inside.charAt(at);
            if (c == '\'' || c == '"') {
                at = skipString(inside, at);
                previous = "'";
                continue;
            }
            if (!word.region(at, inside.length()).lookingAt()) {
                if (!Character.isWhitespace(c)) {
                    previous = String.valueOf(c);
                }
                at++;
                continue;
            }
            if (word.group().equals("not") && unary(previous)) {
                int operand = skipWhitespace(inside, word.end());
                insertions.merge(operand, operand == word.end() ? " (" : "(", (a, b) -> a + b);
                insertions.merge(operandEnd(inside, operand), ")", (a, b) -> b + a);
            }
            previous = word.group();
            at = word.end();
        }
    }

    /** A {@code not} is unary unless it follows an operand ({@code x not in y}) or {@code is} ({@code is not}). */
    private static boolean unary(String previous) {
        return previous == null || BEFORE_UNARY.contains(previous) || "([{,=:".contains(previous);
    }

    private static int skipWhitespace(String text, int from) {
        int at = from;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    /** @return where a unary {@code not}'s operand ends: before the next {@code and}/{@code or}/... at its depth */
    private static int operandEnd(String inside, int from) {
        int end = stop(inside, from);
        while (end > from && Character.isWhitespace(inside.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static int stop(String inside, int from) {
        Matcher word = WORD.matcher(inside);
        int depth = 0;
        int at = from;
        while (at < inside.length()) {
            char c = inside.charAt(at);
            if (c == '\'' || c == '"') {
                at = skipString(inside, at);
                continue;
            }
            if ((c == ')' || c == ']' || c == '}' || c == ',') && depth == 0) {
                return at;
            }
            depth += c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
            if (word.region(at, inside.length()).lookingAt()) {
                if (depth == 0 && AFTER_OPERAND.contains(word.group())) {
                    return at;
                }
                at = word.end();
                continue;
            }
            at++;
        }
        int end = inside.stripTrailing().length();
        return end > from && "-+".indexOf(inside.charAt(end - 1)) >= 0 ? end - 1 : inside.length();
    }

    private static void parenthesizeKeywordValue(String inside, int from, int to, Map<Integer, String> insertions) {
        Matcher keyword = KEYWORD.matcher(inside).region(from, to);
        if (keyword.lookingAt()) {
            insertions.merge(keyword.end(), "(", (a, b) -> a + b);
            insertions.merge(to, ")", (a, b) -> b + a);
        }
    }
}
