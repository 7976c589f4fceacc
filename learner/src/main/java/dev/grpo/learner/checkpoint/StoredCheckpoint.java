package dev.grpo.learner.checkpoint;

import dev.grpo.learner.train.AdamW;
import dev.grpo.learner.train.OptimizerState;
import dev.grpo.policy.checkpoint.Checkpoint;
import dev.grpo.policy.model.PolicyModel;

import java.nio.file.Path;

/**
 * A complete learner checkpoint read and verified (the weights' sha256 checked), ready to restore.
 *
 * @param directory the checkpoint directory
 * @param state the learner's state
 * @param policy the policy weights
 * @param reference the reference weights, or null without a KL term
 * @param optimizer AdamW's state
 */
public record StoredCheckpoint(Path directory, LearnerState state, Checkpoint policy, Checkpoint reference,
                               OptimizerState optimizer) {

    /** @return the directory of the policy weights, which generators load */
    public Path policyDirectory() {
        return policy.directory();
    }

    /** @return the sha256 of the policy weights file */
    public String policySha256() {
        return policy.sha256();
    }

    /**
     * Overwrites the models' weights and the optimiser's state with the saved ones.
     *
     * @param policyModel the policy to restore
     * @param referenceModel the reference to restore, or null without a KL term
     * @param adamW the policy's optimiser
     */
    public void restore(PolicyModel policyModel, PolicyModel referenceModel, AdamW adamW) {
        policy.copyInto(policyModel);
        if (referenceModel != null) {
            (reference != null ? reference : policy).copyInto(referenceModel);
        }
        adamW.restore(optimizer);
    }
}
