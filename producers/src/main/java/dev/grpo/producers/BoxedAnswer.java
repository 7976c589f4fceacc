package dev.grpo.producers;

/**
 * The last {@code \boxed{...}} of a LaTeX solution, as MATH marks its final answers: the braces are matched, so
 * {@code \boxed{\frac{1}{2}}} gives {@code \frac{1}{2}}; escaped braces ({@code \{}, {@code \}}) are content, not
 * structure. {@code \fbox{...}} and the brace-less {@code \boxed 5} count too, as in the MATH authors' own
 * {@code last_boxed_only_string}.
 */
final class BoxedAnswer {

    private static final String[] COMMANDS = {"\\boxed", "\\fbox"};

    private BoxedAnswer() {
    }

    /**
     * @param text a solution
     * @return where its last box command starts, or -1 when it has none
     */
    static int lastIn(String text) {
        int last = -1;
        for (String command : COMMANDS) {
            last = Math.max(last, text.lastIndexOf(command));
        }
        return last;
    }

    /**
     * @param text a solution
     * @return the content of its last box, stripped
     * @throws IllegalArgumentException when it has no box, or the last one is empty or has unbalanced braces
     */
    static String last(String text) {
        int start = lastIn(text);
        if (start < 0) {
            throw new IllegalArgumentException("no \\boxed{...} final answer");
        }
        int after = start + commandAt(text, start).length();
        int brace = skipSpaces(text, after);
        String content = brace < text.length() && text.charAt(brace) == '{' ? braced(text, brace)
                : unbraced(text, after);
        if (content.isBlank()) {
            throw new IllegalArgumentException("the last \\boxed{...} is empty");
        }
        return content.strip();
    }

    private static String commandAt(String text, int start) {
        for (String command : COMMANDS) {
            if (text.startsWith(command, start)) {
                return command;
            }
        }
        throw new IllegalStateException("no box command at " + start);
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The text between the brace at {@code open} and the one that closes it. */
    private static String braced(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(open + 1, i);
            }
        }
        throw new IllegalArgumentException("the last \\boxed{ is never closed (unbalanced braces)");
    }

    /** {@code \boxed 5}: the rest up to the end of the math ({@code $}) or of the line. */
    private static String unbraced(String text, int after) {
        if (after >= text.length() || !Character.isWhitespace(text.charAt(after))) {
            throw new IllegalArgumentException("\\boxed is not followed by {...}");
        }
        String rest = text.substring(after).lines().findFirst().orElse("");
        int dollar = rest.indexOf('$');
        return dollar < 0 ? rest : rest.substring(0, dollar);
    }
}
