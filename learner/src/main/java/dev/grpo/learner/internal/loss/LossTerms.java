package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * The loss of a mini-batch and its parts, each already aggregated with the step's weights (so the parts of the
 * mini-batches of a step add up to the step's values).
 *
 * @param loss the scalar to minimise: {@code policyLoss + klLoss + entropyLoss}, differentiable
 * @param policyLoss the policy-gradient part (the negated surrogate)
 * @param klLoss the β-weighted KL part (0 when β = 0)
 * @param entropyLoss the entropy bonus as a loss: minus its coefficient times the aggregated entropy (0 when off)
 * @param clippedTokens tokens whose gradient the clip (or the ratio cap) removed
 * @param cappedTokens tokens whose ratio (or, for decoupled PPO, behaviour weight) the cap truncated or dropped
 */
public record LossTerms(NDArray loss, float policyLoss, float klLoss, float entropyLoss, long clippedTokens,
                        long cappedTokens) {
}
