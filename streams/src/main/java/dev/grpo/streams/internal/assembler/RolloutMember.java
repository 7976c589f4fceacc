package dev.grpo.streams.internal.assembler;

import dev.grpo.schemas.RecordLayout;

/**
 * An arriving rollout as the assembler sees it: the identity it checks, read from the record's
 * bytes, and the bytes themselves, whose token and log-prob arrays go into the advantage samples
 * without ever being decoded.
 *
 * @param rolloutId the rollout's id
 * @param groupId its group
 * @param index its place in the group
 * @param groupSize G, as the rollout states it
 * @param task the task of its prompt, which decides the reward components it needs
 * @param layout the checked record
 */
record RolloutMember(String rolloutId, String groupId, int index, int groupSize, String task, RecordLayout layout) {

    /** The member a checked rollout record describes. */
    static RolloutMember of(RecordLayout rollout) {
        return new RolloutMember(rollout.stringField("rollout_id"), rollout.stringField("group_id"),
                rollout.intField("index"), rollout.intField("group_size"), rollout.stringField("task"), rollout);
    }
}
