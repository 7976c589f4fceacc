package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * The hyper-parameters of the GRPO objective as {@link GrpoLoss} reads them; the API's {@code LossConfig} is one,
 * so this package does not depend on the API package.
 */
public interface Objective {

    /** @return ε_low: the ratio is clipped from below at {@code 1 − clipLow} */
    double clipLow();

    /** @return ε_high: the ratio is clipped from above at {@code 1 + clipHigh} */
    double clipHigh();

    /** @return β, the weight of the KL estimate; 0 turns the term off */
    double klCoefficient();

    /** @return the weight of the entropy bonus; 0 turns it (and the entropy computation) off */
    double entropyCoefficient();

    /** @return the per-token policy-gradient objective */
    Surrogate surrogate();

    /**
     * @param logRefOverPolicy {@code log π_ref − log π_θ} per token, differentiable
     * @return the per-token KL estimate of this objective's estimator, differentiable
     */
    NDArray klEstimate(NDArray logRefOverPolicy);

    /** @return the truncated-importance-sampling cap, or 0 for none */
    double ratioCap();

    /** @return the constant divisor of the Dr. GRPO aggregation (> 0 once resolved) */
    int normLength();

    /**
     * @param mask float32 {@code [B, C]}: 1 on real tokens, 0 in padding
     * @param tokens the whole step's completion tokens
     * @param sequences the whole step's completions
     * @return float32 {@code [B, C]}: the weight of each token's loss under this objective's aggregation
     */
    NDArray tokenWeights(NDArray mask, long tokens, int sequences);

    /** @return whether the KL term (and with it the reference forward pass) is on */
    default boolean usesReference() {
        return klCoefficient() > 0;
    }

    /** @return whether the entropy bonus (and with it the policy's full-vocabulary entropy) is on */
    default boolean usesEntropy() {
        return entropyCoefficient() > 0;
    }
}
