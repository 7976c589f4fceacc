package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * One policy-gradient objective, per token: what {@link GrpoLoss} maximises before it weighs the tokens with the
 * step's aggregation and adds the KL and entropy terms. Implementations are stateless.
 */
public interface Surrogate {

    /**
     * @param batch the mini-batch's log-probs
     * @param advantages float32 {@code [B, 1]}: each completion's advantage
     * @param settings the clip range and the ratio cap
     * @return the differentiable per-token surrogate and which tokens it left without gradient
     */
    TokenSurrogate compute(LossBatch batch, NDArray advantages, Objective settings);
}
