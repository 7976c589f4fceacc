package dev.grpo.learner;

import java.nio.file.Path;

/**
 * Where a learner starts from and how it keeps its checkpoints.
 *
 * @param initialCheckpoint the policy checkpoint to start from when {@code directory} holds none (may be null when
 *     the learner only ever resumes)
 * @param directory where the learner's checkpoints live
 * @param every write a checkpoint (and publish a version) every this many steps
 * @param keep how many checkpoints to keep (0 = all)
 */
public record Checkpointing(Path initialCheckpoint, Path directory, int every, int keep) {

    /** Checkpoints kept unless set otherwise. */
    public static final int DEFAULT_KEEP = 3;

    /** Requires the directory and validates the counts. */
    public Checkpointing {
        LearnerConfig.require("checkpointDirectory", directory);
        LearnerConfig.requireAtLeast("checkpointEvery", every, 1);
        LearnerConfig.requireAtLeast("keepCheckpoints", keep, 0);
    }

    /**
     * @param initialCheckpoint the starting policy, or null
     * @param directory where checkpoints go
     * @return a checkpoint every step, the last {@link #DEFAULT_KEEP} kept
     */
    public static Checkpointing of(Path initialCheckpoint, Path directory) {
        return new Checkpointing(initialCheckpoint, directory, 1, DEFAULT_KEEP);
    }
}
