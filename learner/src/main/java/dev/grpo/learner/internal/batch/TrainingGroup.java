package dev.grpo.learner.internal.batch;

import java.util.List;

/**
 * The trainable members of one group, in index order. A member rejected as bad input is missing; the others keep
 * their group-normalised advantages.
 *
 * @param groupId the group id
 * @param members the members to train on, at least one
 */
public record TrainingGroup(String groupId, List<ReceivedSample> members) {

    /** Copies the member list. */
    public TrainingGroup {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("group " + groupId + " has no members to train on");
        }
    }

    /** @return the completion tokens of all members */
    public long completionTokens() {
        return members.stream().mapToLong(ReceivedSample::completionLength).sum();
    }
}
