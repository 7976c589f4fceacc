package dev.grpo.producers;

import java.util.function.UnaryOperator;

/**
 * The text wrapped around a prompt before the model sees it; {@value #PLACEHOLDER} marks where the prompt goes.
 *
 * @param text the template, holding the placeholder exactly once
 */
public record PromptTemplate(String text) implements UnaryOperator<String> {

    /** Where the prompt is substituted. */
    public static final String PLACEHOLDER = "{prompt}";

    /** DeepSeek-R1-Zero's training template (DeepSeek-R1 paper, Table 1), word for word. */
    public static final PromptTemplate R1_ZERO = new PromptTemplate(
            "A conversation between User and Assistant. The user asks a question, and the Assistant solves it. "
                    + "The assistant first thinks about the reasoning process in the mind and then provides the user "
                    + "with the answer. The reasoning process and answer are enclosed within <think> </think> and "
                    + "<answer> </answer> tags, respectively, i.e., <think> reasoning process here </think> "
                    + "<answer> answer here </answer>. User: " + PLACEHOLDER + ". Assistant:");

    /**
     * The prompt as it is: for the built-in task, whose small model was pretrained on bare prompts and whose
     * context is shorter than the R1-Zero wording.
     */
    public static final PromptTemplate PLAIN = new PromptTemplate(PLACEHOLDER);

    /** Rejects a template without exactly one placeholder. */
    public PromptTemplate {
        if (text == null) {
            throw new InvalidTemplateException("a template is required");
        }
        int first = text.indexOf(PLACEHOLDER);
        if (first < 0 || text.indexOf(PLACEHOLDER, first + 1) >= 0) {
            throw new InvalidTemplateException("a template must hold " + PLACEHOLDER + " exactly once, got: " + text);
        }
    }

    /**
     * @param name {@code r1-zero} or {@code plain}
     * @return the named template
     * @throws InvalidTemplateException for any other name
     */
    public static PromptTemplate named(String name) {
        return switch (name) {
            case "r1-zero" -> R1_ZERO;
            case "plain" -> PLAIN;
            default -> throw new InvalidTemplateException("unknown template '" + name + "': use r1-zero, plain, "
                    + "or a text holding " + PLACEHOLDER);
        };
    }

    /**
     * Parses a {@code --template} value the same way for every command.
     *
     * @param text {@code auto}, {@code r1-zero}, {@code plain}, or a text holding {@value #PLACEHOLDER}
     * @param builtInTask whether the prompts are the built-in arithmetic task's: {@code auto} is then {@link #PLAIN}
     *     (its small model was pretrained on bare prompts), else {@link #R1_ZERO}
     * @return the template
     * @throws InvalidTemplateException for an unknown name or a text without the placeholder once
     */
    public static PromptTemplate parse(String text, boolean builtInTask) {
        if (text.equals("auto")) {
            return builtInTask ? PLAIN : R1_ZERO;
        }
        return text.contains(PLACEHOLDER) ? new PromptTemplate(text) : named(text);
    }

    /**
     * @param prompt the question as the user asked it
     * @return the text the model is given
     */
    @Override
    public String apply(String prompt) {
        return text.replace(PLACEHOLDER, prompt);
    }
}
