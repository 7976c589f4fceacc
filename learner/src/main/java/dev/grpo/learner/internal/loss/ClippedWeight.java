package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * CISPO (MiniMax-M1, 2025): REINFORCE with the importance ratio clipped and its gradient stopped, so a token outside
 * the clip range keeps its gradient, only with a bounded weight:
 * {@code ŵ = sg(clip(π_θ/π_behaviour, 1 − ε_low, 1 + ε_high))}, gradient {@code ŵ·A·∇log π_θ}. It is written as
 * {@code ŵ·A·exp(log π_θ − sg(log π_θ))} so that its value is {@code ŵ·A}, comparable to the other surrogates,
 * rather than {@code ŵ·A·log π_θ}; the gradient is the same. No token is flat, and the ratio cap never binds, since
 * {@code ŵ ≤ 1 + ε_high ≤ C}.
 */
public final class ClippedWeight implements Surrogate {

    /** {@inheritDoc} */
    @Override
    public TokenSurrogate compute(LossBatch batch, NDArray advantages, Objective settings) {
        NDArray logProbs = batch.logProbs();
        NDArray weight = logProbs.sub(batch.behaviourLogProbs()).exp()
                .clip((float) (1 - settings.clipLow()), (float) (1 + settings.clipHigh())).stopGradient();
        NDArray gradientCarrier = logProbs.sub(logProbs.stopGradient()).exp();
        return new TokenSurrogate(gradientCarrier.mul(weight).mul(advantages), null, null);
    }
}
