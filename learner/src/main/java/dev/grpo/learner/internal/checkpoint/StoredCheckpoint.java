package dev.grpo.learner.internal.checkpoint;

import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.CheckpointException;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.SavedOptimizerState;

import java.nio.file.Path;

/**
 * A complete learner checkpoint read and verified (the weights' sha256 checked), ready to restore. Its weights and
 * moments stay memory-mapped until {@link #restore} copies them.
 *
 * @param directory the checkpoint directory
 * @param state the learner's state
 * @param policy the policy weights, as generators load them
 * @param reference the reference weights, or null without a KL term
 * @param optimizer AdamW's state
 * @param policyMaster the policy's exact float32 weights when {@code policy} stores them rounded, else null
 * @param referenceMaster the reference's exact float32 weights when {@code reference} stores them rounded, else null
 */
public record StoredCheckpoint(Path directory, LearnerState state, Checkpoint policy, Checkpoint reference,
                               SavedOptimizerState optimizer, MasterWeights policyMaster,
                               MasterWeights referenceMaster) {

    /** @return the directory of the policy weights, which generators load */
    public Path policyDirectory() {
        return policy.directory();
    }

    /** @return the sha256 of the policy weights file */
    public String policySha256() {
        return policy.sha256();
    }

    /**
     * Overwrites the models' weights (the exact master weights where the checkpoint has them) and the optimiser's
     * state with the saved ones. The moments and master weights are checked against the models before anything
     * changes, so a checkpoint that does not fit leaves models and optimiser as they were.
     *
     * @param policyModel the policy to restore
     * @param referenceModel the reference to restore, or null without a KL term
     * @param adamW the policy's optimiser
     * @throws CheckpointException when a part does not fit its model or optimiser
     */
    public void restore(PolicyModel policyModel, PolicyModel referenceModel, AdamW adamW) {
        Checkpoint referenceWeights = reference != null ? reference : policy;
        MasterWeights referenceExact = reference != null ? referenceMaster : policyMaster;
        try {
            optimizer.checkFits(adamW.state());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(CheckpointException.Problem.SHAPE_MISMATCH, directory,
                    CheckpointStore.OPTIMIZER + " does not fit the optimiser: " + e.getMessage(), e);
        }
        if (policyMaster != null) {
            policyMaster.checkFits(policyModel);
        }
        if (referenceModel != null && referenceExact != null) {
            referenceExact.checkFits(referenceModel);
        }
        copy(policy, policyMaster, policyModel);
        if (referenceModel != null) {
            copy(referenceWeights, referenceExact, referenceModel);
        }
        adamW.restore(optimizer);
    }

    private static void copy(Checkpoint checkpoint, MasterWeights master, PolicyModel model) {
        if (master != null) {
            master.copyInto(model);
        } else {
            checkpoint.copyInto(model);
        }
    }
}
