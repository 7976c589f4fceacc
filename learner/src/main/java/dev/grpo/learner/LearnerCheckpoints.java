package dev.grpo.learner;

import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.learner.internal.checkpoint.StoredCheckpoint;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a finished or running learner has left in its checkpoint directory, read without the learner: the policy a
 * workflow evaluates or exports next.
 */
public final class LearnerCheckpoints {

    private final CheckpointStore store;

    private LearnerCheckpoints(Path directory) {
        this.store = new CheckpointStore(directory, 0);
    }

    /**
     * @param directory a learner's checkpoint directory ({@link Checkpointing#directory()})
     * @return its checkpoints
     */
    public static LearnerCheckpoints in(Path directory) {
        return new LearnerCheckpoints(directory);
    }

    /** @return the policy directory of the newest complete checkpoint, if there is one */
    public Optional<Path> latestPolicy() {
        return store.latest().map(StoredCheckpoint::policyDirectory);
    }
}
