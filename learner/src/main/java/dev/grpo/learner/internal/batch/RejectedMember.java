package dev.grpo.learner.internal.batch;

import dev.grpo.records.AdvantageSample;

/**
 * A member of a group that is accounted for without being trained on (dead-lettered, or forwarded as stale). Its group
 * completes without it; a checkpoint keeps those of groups still open, so a resumed learner completes them too.
 *
 * @param groupId its group
 * @param groupSize its group's size
 * @param index its index in the group
 */
public record RejectedMember(String groupId, int groupSize, int index) {

    /** Requires a group id. */
    public RejectedMember {
        if (groupId == null) {
            throw new IllegalArgumentException("a rejected member needs its group id");
        }
    }

    /**
     * @param sample a decoded sample
     * @return the group member it is
     */
    public static RejectedMember of(AdvantageSample sample) {
        return new RejectedMember(sample.getGroupId().toString(), sample.getGroupSize(), sample.getIndex());
    }
}
