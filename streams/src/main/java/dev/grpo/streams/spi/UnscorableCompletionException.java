package dev.grpo.streams.spi;

/**
 * Thrown by a {@link RewardFunction} when a completion cannot be scored at all (for example its
 * target language is unknown); the stream dead-letters the rollout instead of guessing a score.
 */
public final class UnscorableCompletionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnscorableCompletionException(String message) {
        super(message);
    }
}
