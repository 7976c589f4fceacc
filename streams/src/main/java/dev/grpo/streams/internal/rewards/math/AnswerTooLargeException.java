package dev.grpo.streams.internal.rewards.math;

/** Thrown when checking an answer would need numbers or expansions too large to compute in bounded time. */
final class AnswerTooLargeException extends UnverifiableAnswerException {

    private static final long serialVersionUID = 1L;

    public AnswerTooLargeException(String what) {
        super("too large to verify: " + what);
    }
}
