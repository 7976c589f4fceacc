package dev.grpo.policy.internal.chat;

import java.util.Map;
import java.util.Objects;

/**
 * One turn of a conversation as chat templates see it: {@code {role, content}}.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the turn's text
 */
public record ChatMessage(String role, String content) {

    /** Rejects missing fields. */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /**
     * @param content the system prompt
     * @return a system turn
     */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /**
     * @param content what the user says
     * @return a user turn
     */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /**
     * @param content what the assistant answered
     * @return an assistant turn
     */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    /** @return the message as the dictionary a Jinja template indexes ({@code message.role}, {@code message['content']}) */
    Map<String, Object> asTemplateValue() {
        return Map.of("role", role, "content", content);
    }
}
