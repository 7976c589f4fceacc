package dev.grpo.streams;

/**
 * A replay that cannot be run as asked, for a reason the user can fix: a range outside the retained
 * history, an output topic that already exists, a missing input topic. The message is one line
 * naming the topic or partition, what was asked and what there is.
 */
public final class ReplayRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A refusal saying {@code message}. */
    public ReplayRefusedException(String message) {
        super(message);
    }

    /** A refusal saying {@code message}, found out as {@code cause}. */
    public ReplayRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
