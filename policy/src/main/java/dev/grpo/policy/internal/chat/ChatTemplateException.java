package dev.grpo.policy.internal.chat;

/** A chat template could not be rendered: a syntax Jinjava rejects, or the template's own {@code raise_exception}. */
public final class ChatTemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, on one line
     * @param cause the underlying failure, or null
     */
    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
