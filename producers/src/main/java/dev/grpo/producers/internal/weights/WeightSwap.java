package dev.grpo.producers.internal.weights;

import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.CheckpointException;
import dev.grpo.records.PolicyVersion;

/**
 * Brings a published version into a {@link LoadedPolicy}: reads the checkpoint (which verifies the weights against
 * the checksum stored beside them), checks that its sha256 is the one the learner published, and only then swaps.
 */
final class WeightSwap {

    private final LoadedPolicy policy;

    /** @param policy the weights to replace */
    public WeightSwap(LoadedPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param published the announced version
     * @throws WeightSwapException when the checkpoint is missing, corrupt, differs from the announced sha256 or
     *     does not fit the model; the weights in place are untouched then
     */
    public void apply(PolicyVersion published) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.read(CheckpointLocation.resolve(published.getCheckpointUri()));
        } catch (CheckpointException | IllegalArgumentException e) {
            throw new WeightSwapException(published, e.getMessage(), e);
        }
        if (!checkpoint.sha256().equalsIgnoreCase(published.getSha256())) {
            throw new WeightSwapException(published, "the checkpoint's weights have sha256 " + checkpoint.sha256()
                    + " but the version announced " + published.getSha256(), null);
        }
        try {
            policy.swapTo(checkpoint, published.getVersion());
        } catch (CheckpointException e) {
            throw new WeightSwapException(published, e.getMessage(), e);
        }
    }
}
