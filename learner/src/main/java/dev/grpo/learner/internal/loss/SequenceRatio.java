package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * GSPO (Zheng et al., 2025): one ratio per completion, the geometric mean of its token ratios,
 * {@code s_i = exp(mean_t(log π_θ − log π_behaviour))}, clipped and truncated like GRPO's token ratio. It is applied
 * in the paper's token form {@code s_i,t = sg(s_i)·π_θ(t)/sg(π_θ(t))}: equal to s_i in value, and with the
 * aggregation {@code seq-mean-token-mean} its gradient is exactly that of the sequence objective (other
 * aggregations weigh the sequence's tokens as they say). The paper's clip range is far narrower than GRPO's
 * (ε ≈ 3e-4 / 4e-4), since a sequence ratio moves less than a token's.
 */
public final class SequenceRatio implements Surrogate {

    /** {@inheritDoc} */
    @Override
    public TokenSurrogate compute(LossBatch batch, NDArray advantages, Objective settings) {
        NDArray mask = batch.mask();
        NDArray logProbs = batch.logProbs();
        NDArray tokenLogRatio = logProbs.sub(batch.behaviourLogProbs()).mul(mask);
        NDArray sequenceLogRatio = tokenLogRatio.sum(new int[] {1}, true).div(mask.sum(new int[] {1}, true))
                .stopGradient();
        NDArray ratio = logProbs.sub(logProbs.stopGradient()).add(sequenceLogRatio).exp();
        return ClippedRatio.of(ratio, advantages, settings);
    }
}
