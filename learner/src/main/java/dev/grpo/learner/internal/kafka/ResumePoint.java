package dev.grpo.learner.internal.kafka;

import java.util.List;

/**
 * Where to resume one partition: seek to {@code offset}, and skip the records at the listed offsets above it, which
 * were already trained on (or forwarded) before the checkpoint even though an earlier record was still pending.
 *
 * @param offset the first offset that may still need work
 * @param handled offsets at or above {@code offset} that are done, ascending
 */
public record ResumePoint(long offset, List<Long> handled) {

    /** Copies the list. */
    public ResumePoint {
        handled = List.copyOf(handled);
    }
}
