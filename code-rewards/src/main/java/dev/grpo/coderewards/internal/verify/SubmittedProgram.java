package dev.grpo.coderewards.internal.verify;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The program a completion submits: the last fenced code block of its answer ({@code <answer>...</answer>}), else
 * the last fenced block anywhere in the completion, else the answer's text itself. A fence left open (a completion
 * cut at its length limit) does not count: running half a program would only ever fail.
 */
public final class SubmittedProgram {

    private static final Pattern FENCED = Pattern.compile("```[^\\n`]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ANSWER = Pattern.compile("<answer>(.*?)</answer>", Pattern.DOTALL);

    private SubmittedProgram() {
    }

    /** The program in {@code completion}, or empty when it holds neither a code block nor a non-blank answer. */
    public static Optional<String> of(String completion) {
        Optional<String> answer = lastMatch(ANSWER, completion);
        Optional<String> program = answer.flatMap(text -> lastMatch(FENCED, text))
                .or(() -> lastMatch(FENCED, completion))
                .or(() -> answer.map(String::strip));
        return program.filter(text -> !text.isBlank());
    }

    private static Optional<String> lastMatch(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return Optional.ofNullable(last);
    }
}
