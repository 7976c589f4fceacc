package dev.grpo.producers;

/** A prompt template that cannot be used: unknown name, or not exactly one placeholder. */
public final class InvalidTemplateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong */
    public InvalidTemplateException(String message) {
        super(message);
    }
}
