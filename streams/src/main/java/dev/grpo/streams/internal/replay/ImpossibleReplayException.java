package dev.grpo.streams.internal.replay;

/**
 * A replay that cannot be run as asked, for a reason the user can fix (a range outside the retained history, an
 * output topic that already exists, a missing input topic), in one line naming the topic or partition. The replay app
 * reports it to its caller as its public refusal.
 */
public final class ImpossibleReplayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A refusal saying {@code message}. */
    public ImpossibleReplayException(String message) {
        super(message);
    }
}
