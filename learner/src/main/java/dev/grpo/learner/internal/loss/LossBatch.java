package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * The inputs of the loss for one mini-batch, all float32 and right-padded to the longest completion.
 *
 * @param logProbs {@code [B, C]}: log πθ of each completion token, differentiable
 * @param behaviourLogProbs {@code [B, C]}: log π_behaviour of each token, as the generator recorded it
 * @param referenceLogProbs {@code [B, C]}: log π_ref of each token, or null when the KL term is off
 * @param proximalLogProbs {@code [B, C]}: log π_prox of each token for decoupled PPO, or null for πθ before this
 *     update, which is {@code logProbs} with its gradient stopped (the learner updates once per step)
 * @param entropy {@code [B, C]}: the policy's entropy at each completion position, differentiable, or null when the
 *     entropy bonus is off
 * @param advantages {@code [B]}: each completion's advantage, applied to all its tokens
 * @param mask {@code [B, C]}: 1 on real tokens, 0 in padding
 */
public record LossBatch(NDArray logProbs, NDArray behaviourLogProbs, NDArray referenceLogProbs,
                        NDArray proximalLogProbs, NDArray entropy, NDArray advantages, NDArray mask) {

    /**
     * A batch without proximal log-probs or entropy.
     *
     * @param logProbs log πθ, differentiable
     * @param behaviourLogProbs log π_behaviour
     * @param referenceLogProbs log π_ref, or null
     * @param advantages per completion
     * @param mask 1 on real tokens
     */
    public LossBatch(NDArray logProbs, NDArray behaviourLogProbs, NDArray referenceLogProbs, NDArray advantages,
                     NDArray mask) {
        this(logProbs, behaviourLogProbs, referenceLogProbs, null, null, advantages, mask);
    }
}
