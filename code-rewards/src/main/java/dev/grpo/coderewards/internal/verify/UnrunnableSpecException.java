package dev.grpo.coderewards.internal.verify;

import dev.grpo.schemas.DeadLetterReason;

/**
 * Thrown when a rollout's verification spec cannot be run here: the rollout cannot be scored (the code-reward stage
 * dead-letters it), which is not the same as a program that failed its tests. {@link #kind()} says why, so no caller
 * reads it back out of the message.
 */
public final class UnrunnableSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why a spec cannot be run, each with the dead-letter reason it is published under. */
    public enum Kind {
        /** The spec is not valid JSON of a known spec kind. */
        MALFORMED(DeadLetterReason.MALFORMED_VERIFICATION),
        /** The spec names a language no sandbox here runs. */
        UNSUPPORTED_LANGUAGE(DeadLetterReason.UNSUPPORTED_LANGUAGE);

        private final DeadLetterReason deadLetterReason;

        Kind(DeadLetterReason deadLetterReason) {
            this.deadLetterReason = deadLetterReason;
        }

        /** The dead letter's error type for a rollout whose spec fails so. */
        public DeadLetterReason deadLetterReason() {
            return deadLetterReason;
        }
    }

    private final Kind kind;

    /** An exception of {@code kind} with a one-line message naming what is wrong with the spec. */
    public UnrunnableSpecException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Why the spec cannot be run. */
    public Kind kind() {
        return kind;
    }
}
