package dev.grpo.producers.internal.pipeline;

import dev.grpo.producers.internal.sampling.SampledGroup;

/**
 * A sampled group was dropped unpublished because its claim's lease no longer left time to publish it; the pipeline
 * claims a new slot for the same prompt.
 */
public final class LapsedLeaseException extends RuntimeException {

    /** @param group the dropped group */
    public LapsedLeaseException(SampledGroup group) {
        super("the lease of group " + group.groupId() + " ran out before it could be published", null, false, false);
    }
}
