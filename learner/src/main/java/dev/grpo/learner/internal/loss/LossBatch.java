package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * The inputs of the GRPO loss for one mini-batch, all float32 and right-padded to the longest completion.
 *
 * @param logProbs {@code [B, C]}: log πθ of each completion token, differentiable
 * @param behaviourLogProbs {@code [B, C]}: log π_behaviour of each token, as the generator recorded it
 * @param referenceLogProbs {@code [B, C]}: log π_ref of each token, or null when the KL term is off
 * @param advantages {@code [B]}: each completion's advantage, applied to all its tokens
 * @param mask {@code [B, C]}: 1 on real tokens, 0 in padding
 */
public record LossBatch(NDArray logProbs, NDArray behaviourLogProbs, NDArray referenceLogProbs, NDArray advantages,
                        NDArray mask) {
}
