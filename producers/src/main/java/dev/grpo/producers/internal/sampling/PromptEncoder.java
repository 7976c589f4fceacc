package dev.grpo.producers.internal.sampling;

import dev.grpo.policy.SequenceTooLongException;
import dev.grpo.policy.PromptFormat;
import dev.grpo.policy.Tokenizer;
import dev.grpo.records.Prompt;
import java.util.function.UnaryOperator;

/**
 * Applies the template and the tokenizer to a prompt and checks that it leaves room for at least one new token,
 * before any group slot is claimed for it (a slot claimed for a prompt that cannot be sampled would never be
 * filled, and the learner would wait for it).
 */
public final class PromptEncoder {

    private final Tokenizer tokenizer;
    private final UnaryOperator<String> template;
    private final PromptFormat format;
    private final int maxLength;

    /**
     * @param tokenizer the policy's tokenizer
     * @param template wraps each prompt (a {@code PromptTemplate})
     * @param maxLength the model's longest sequence
     */
    public PromptEncoder(Tokenizer tokenizer, UnaryOperator<String> template, int maxLength) {
        this(tokenizer, template, new PromptFormat.Plain(""), maxLength);
    }

    /**
     * @param tokenizer the policy's tokenizer
     * @param template wraps each prompt (a {@code PromptTemplate})
     * @param format turns the templated prompt into the model's input text (its chat template, or plain text)
     * @param maxLength the model's longest sequence
     */
    public PromptEncoder(Tokenizer tokenizer, UnaryOperator<String> template, PromptFormat format, int maxLength) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.format = format;
        this.maxLength = maxLength;
    }

    /**
     * @param prompt the prompt
     * @return it, templated and encoded
     * @throws dev.grpo.policy.UnknownCharacterException when it holds a character the tokenizer lacks
     * @throws SequenceTooLongException when it leaves no room for a completion
     */
    public TemplatedPrompt encode(Prompt prompt) {
        String text = format.render(template.apply(prompt.getText()));
        int[] ids = tokenizer.encode(text);
        if (ids.length > maxLength - 1) {
            throw new SequenceTooLongException("templated prompt " + prompt.getPromptId(), ids.length, maxLength - 1);
        }
        return new TemplatedPrompt(prompt, text, ids);
    }
}
