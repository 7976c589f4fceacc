package dev.grpo.policy.internal.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.grpo.policy.internal.tokenizer.TokenizerConfig;
import jinjava.javax.el.CompositeELResolver;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's chat template ({@code chat_template} of {@code tokenizer_config.json}) rendered with Jinjava the way
 * Hugging Face's {@code apply_chat_template} renders it with Jinja: blocks trimmed and left-stripped, the variables
 * {@code messages}, {@code add_generation_prompt}, {@code tools} (none) and the special tokens ({@code bos_token},
 * {@code eos_token}, {@code pad_token}), the functions {@code raise_exception} and {@code strftime_now}, Python's
 * string methods and Python's {@code tojson}. What Jinjava parses differently is rewritten first (see
 * {@link TemplateRewrite}). Safe to use from several threads.
 */
public final class ChatTemplate {

    private final String source;
    private final Map<String, String> specialTokens;
    private final Jinjava jinjava;

    /**
     * @param source the Jinja source as Hugging Face stores it
     * @param specialTokens template variables naming special tokens, e.g. {@code bos_token} to {@code <s>}
     */
    public ChatTemplate(String source, Map<String, String> specialTokens) {
        this.source = TemplateRewrite.forJinjava(source);
        this.specialTokens = Map.copyOf(specialTokens);
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withFailOnUnknownTokens(false)
                .withElResolver(resolver)
                // Jinja's {{- and -}} strip whitespace around expressions too, not only around blocks.
                .withLegacyOverrides(LegacyOverrides.newBuilder().withUseTrimmingForNotesAndExpressions(true).build())
                .build());
        jinjava.registerFilter(new PythonJson());
        TemplateFunctions.definitions().forEach(jinjava::registerFunction);
    }

    /**
     * @param modelDir a Hugging Face model directory
     * @return its chat template, or empty when it has none (a base model)
     * @throws dev.grpo.policy.internal.tokenizer.InvalidTokenizerException when {@code tokenizer_config.json} is malformed
     */
    public static Optional<ChatTemplate> of(Path modelDir) {
        TokenizerConfig config = TokenizerConfig.read(modelDir);
        Map<String, String> tokens = new HashMap<>();
        config.bosToken().ifPresent(token -> tokens.put("bos_token", token));
        config.eosToken().ifPresent(token -> tokens.put("eos_token", token));
        config.padToken().ifPresent(token -> tokens.put("pad_token", token));
        return config.chatTemplate().map(template -> new ChatTemplate(template, tokens));
    }

    /**
     * @param messages the conversation, oldest first
     * @param addGenerationPrompt whether to end with the header that opens the assistant's turn
     * @return the prompt text, special tokens written as text
     * @throws ChatTemplateException when the template raises an exception or cannot be parsed
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Map<String, Object> variables = new LinkedHashMap<>(specialTokens);
        variables.put("messages", messages.stream().map(ChatMessage::asTemplateValue).toList());
        variables.put("add_generation_prompt", addGenerationPrompt);
        variables.put("tools", null);
        variables.put("documents", null);
        RenderResult result = jinjava.renderForResult(source, variables);
        Optional<TemplateError> fatal = result.getErrors().stream()
                .filter(error -> error.getSeverity() == TemplateError.ErrorType.FATAL).findFirst();
        if (fatal.isPresent()) {
            throw failure(fatal.get());
        }
        return result.getOutput();
    }

    private static ChatTemplateException failure(TemplateError error) {
        for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TemplateFunctions.Raised raised) {
                return new ChatTemplateException("the chat template refused the conversation: " + raised.getMessage(),
                        raised);
            }
        }
        return new ChatTemplateException("chat template line " + error.getLineno() + ": "
                + error.getMessage().replace('\n', ' '), error.getException());
    }
}
