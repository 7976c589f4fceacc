package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * The GRPO loss of a mini-batch and its parts, each already aggregated with the step's weights (so the parts of the
 * mini-batches of a step add up to the step's values).
 *
 * @param loss the scalar to minimise: {@code policyLoss + klLoss}, differentiable
 * @param policyLoss the clipped policy-gradient part
 * @param klLoss the β-weighted KL part (0 when β = 0)
 * @param clippedTokens tokens whose gradient the clip (or the ratio cap) removed
 * @param cappedTokens tokens whose ratio the truncated-IS cap truncated
 */
public record LossTerms(NDArray loss, float policyLoss, float klLoss, long clippedTokens, long cappedTokens) {
}
