package dev.grpo.learner.internal.checkpoint;

import dev.grpo.learner.internal.batch.RejectedMember;

import java.util.List;

/**
 * The learner's own state in a checkpoint ({@value CheckpointStore#STATE}), next to the weights and optimiser state.
 *
 * @param learnerId the run
 * @param version optimiser steps applied to the saved weights
 * @param parentVersion the version of the checkpoint this one continued from (−1 for the first)
 * @param referenceVersion the version whose weights the reference holds, or null without a KL term
 * @param shuffleState the state of the learner's random generator
 * @param offsets where to resume each partition of the advantages topic
 * @param trainedGroups the ids of the groups trained in the steps since the parent checkpoint, in step order
 * @param writtenAt when the checkpoint was written, ISO-8601
 * @param rejectedMembers the rejected (dead-lettered or stale) members of groups still open, which a resumed learner
 *     counts again since it skips their records (empty in checkpoints written before this field)
 * @param outputEnds where the stale and dead-letter topics ended: what the learner forwarded past them came after this
 *     checkpoint (empty in checkpoints written before this field: then {@code writtenAt} bounds them)
 */
public record LearnerState(String learnerId, long version, long parentVersion, Long referenceVersion,
                           long shuffleState, List<PartitionOffset> offsets, List<String> trainedGroups,
                           String writtenAt, List<RejectedMember> rejectedMembers, List<OutputPosition> outputEnds) {

    /** Copies the lists; a list missing from an older checkpoint is empty. */
    public LearnerState {
        offsets = List.copyOf(offsets);
        trainedGroups = List.copyOf(trainedGroups);
        rejectedMembers = rejectedMembers == null ? List.of() : List.copyOf(rejectedMembers);
        outputEnds = outputEnds == null ? List.of() : List.copyOf(outputEnds);
    }
}
