package dev.grpo.policy;

import dev.grpo.policy.internal.chat.ChatMessage;
import dev.grpo.policy.internal.chat.ChatTemplate;
import dev.grpo.policy.internal.chat.ChatTemplateException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a prompt's text becomes the text the model continues: a model with a chat template gets the prompt as the
 * user's message of a one-turn conversation, ending with the assistant's header; a base model gets the prompt as
 * plain text (which is where the R1-Zero template's wording goes).
 */
public sealed interface PromptFormat permits PromptFormat.Chat, PromptFormat.Plain {

    /**
     * @param prompt the prompt's text
     * @return the text to encode (raw, without further special tokens) and continue
     */
    String render(String prompt);

    /**
     * Picks the format of a model directory, loading its tokenizer for the purpose (see {@link #of(Path, Tokenizer)}).
     *
     * @param modelDir a model directory of either layout
     * @return its prompt format
     * @throws dev.grpo.policy.internal.tokenizer.InvalidTokenizerException when its tokenizer files are malformed
     */
    static PromptFormat of(Path modelDir) {
        try (Tokenizer tokenizer = ModelTokenizer.load(modelDir)) {
            return of(modelDir, tokenizer);
        }
    }

    /**
     * Picks the format of a model directory whose tokenizer is already loaded: its chat template when it has one;
     * otherwise plain text, after the BOS token where Hugging Face's tokenizer would put one (see
     * {@link HfTokenizer#plainTextPrefix()}). The project's own layout (the built-in tokenizer) gets plain text.
     *
     * @param modelDir a model directory of either layout
     * @param tokenizer the directory's tokenizer
     * @return its prompt format
     * @throws ChatTemplateException when the chat template does not parse
     */
    static PromptFormat of(Path modelDir, Tokenizer tokenizer) {
        if (!(tokenizer instanceof HfTokenizer huggingFace)) {
            return new Plain("");
        }
        Optional<ChatTemplate> template = ChatTemplate.of(modelDir);
        return template.isPresent() ? new Chat(template.get())
                : new Plain(huggingFace.plainTextPrefix().orElse(""));
    }

    /**
     * The prompt as the user's turn of the model's chat template.
     *
     * @param template the model's chat template
     */
    record Chat(ChatTemplate template) implements PromptFormat {

        @Override
        public String render(String prompt) {
            return template.render(List.of(ChatMessage.user(prompt)), true);
        }
    }

    /**
     * The prompt as plain text.
     *
     * @param prefix what goes in front, e.g. the BOS token's text, or nothing
     */
    record Plain(String prefix) implements PromptFormat {

        @Override
        public String render(String prompt) {
            return prefix + prompt;
        }
    }
}
