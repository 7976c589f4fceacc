package dev.grpo.streams.internal.rewards.math;

/** Thrown by {@link Deadline#check()} when an equivalence check ran out of time; the answer scores 0. */
final class DeadlineExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeadlineExceededException() {
        super("equivalence check ran out of time");
    }
}
