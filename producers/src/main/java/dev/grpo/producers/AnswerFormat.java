package dev.grpo.producers;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the final answer is written in a data set's answer field, so that a prompt's ground truth is the final answer
 * and not a whole worked solution. GSM8K ends its solutions with {@code #### 72}; MATH puts the answer in the last
 * {@code \boxed{...}} of its solution.
 */
public enum AnswerFormat {

    /** {@code #### x} when the text has one, else the last {@code \boxed{...}}, else the text as it is. */
    AUTO {
        @Override
        public String finalAnswer(String text) {
            if (text.contains(GSM8K_MARK)) {
                return GSM8K.finalAnswer(text);
            }
            return BoxedAnswer.lastIn(text) >= 0 ? BOXED.finalAnswer(text) : text;
        }
    },
    /** The text as it is: the field holds the final answer already. */
    PLAIN {
        @Override
        public String finalAnswer(String text) {
            return text;
        }
    },
    /**
     * GSM8K: what follows the last {@code ####} on its line, trimmed; a number loses its thousands commas
     * ({@code 1,000} becomes {@code 1000}), as openai/grade-school-math's own {@code extract_answer} does.
     */
    GSM8K {
        @Override
        public String finalAnswer(String text) {
            int mark = text.lastIndexOf(GSM8K_MARK);
            if (mark < 0) {
                throw new IllegalArgumentException("no \"" + GSM8K_MARK + "\" final answer");
            }
            String answer = text.substring(mark + GSM8K_MARK.length()).lines().findFirst().orElse("").strip();
            if (answer.isEmpty()) {
                throw new IllegalArgumentException("nothing after \"" + GSM8K_MARK + "\"");
            }
            return NUMBER_WITH_COMMAS.matcher(answer).matches() ? answer.replace(",", "") : answer;
        }
    },
    /** MATH: the content of the last {@code \boxed{...}} (or {@code \fbox{...}}), nested braces included. */
    BOXED {
        @Override
        public String finalAnswer(String text) {
            return BoxedAnswer.last(text);
        }
    };

    private static final String GSM8K_MARK = "####";
    private static final Pattern NUMBER_WITH_COMMAS = Pattern.compile("[-+]?[0-9][0-9,]*(\\.[0-9]+)?");

    /**
     * @param text the answer field of a row
     * @return the final answer
     * @throws IllegalArgumentException when the text does not hold a final answer in this format
     */
    public abstract String finalAnswer(String text);

    /**
     * @param name {@code auto}, {@code plain}, {@code gsm8k} or {@code boxed}, in any case
     * @return the format
     * @throws IllegalArgumentException naming the formats there are
     */
    public static AnswerFormat named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown answer format '" + name + "': expected one of " + names(), e);
        }
    }

    /** @return the formats' names as the command line spells them */
    public static String names() {
        return Arrays.stream(values()).map(AnswerFormat::toString).collect(Collectors.joining(", "));
    }

    /** @return the name as the command line spells it */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
