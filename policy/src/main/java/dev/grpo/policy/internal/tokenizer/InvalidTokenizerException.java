package dev.grpo.policy.internal.tokenizer;

/** A tokenizer file could not be read or lacks what the project needs (e.g. a special token). */
public final class InvalidTokenizerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file
     * @param cause the underlying failure, or null
     */
    public InvalidTokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
