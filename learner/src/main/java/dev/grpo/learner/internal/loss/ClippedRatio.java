package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;
import dev.grpo.policy.Scalar;

/**
 * GRPO's per-token PPO clip of the ratio to the behaviour policy, truncated at the cap C:
 * {@code ρ = π_θ/π_behaviour}, {@code surrogate = min(min(ρ, C)·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A)}
 * (C = ∞ without a cap).
 */
public final class ClippedRatio implements Surrogate {

    /** {@inheritDoc} */
    @Override
    public TokenSurrogate compute(LossBatch batch, NDArray advantages, Objective settings) {
        return of(batch.logProbs().sub(batch.behaviourLogProbs()).exp(), advantages, settings);
    }

    /**
     * The clipped, truncated objective of any ratio, so that a sequence-level ratio is clipped exactly as a token's.
     *
     * @param ratio float32 {@code [B, C]}, differentiable
     * @param advantages float32 {@code [B, 1]}
     * @param settings the clip range and the cap
     * @return the surrogate
     */
    static TokenSurrogate of(NDArray ratio, NDArray advantages, Objective settings) {
        double cap = settings.ratioCap();
        NDArray truncated = cap > 0 ? ratio.minimum(Scalar.like(ratio, (float) cap)) : ratio;
        NDArray clipped = ratio.clip((float) (1 - settings.clipLow()), (float) (1 + settings.clipHigh()));
        NDArray values = truncated.mul(advantages).minimum(clipped.mul(advantages));
        NDArray flat = clipFlat(ratio, advantages, settings);
        NDArray capped = null;
        if (cap > 0) {
            capped = ratio.gt((float) cap);
            flat = flat.logicalOr(capped.logicalAnd(advantages.lt(0)));
        }
        return new TokenSurrogate(values, flat, capped);
    }

    /**
     * Tokens where the clipped objective is flat in ρ: above 1 + ε_high with A > 0, below 1 − ε_low with A < 0.
     *
     * @param ratio float32 {@code [B, C]}
     * @param advantages float32 {@code [B, 1]}
     * @param settings the clip range
     * @return boolean {@code [B, C]}
     */
    static NDArray clipFlat(NDArray ratio, NDArray advantages, Objective settings) {
        NDArray above = ratio.gt((float) (1 + settings.clipHigh())).logicalAnd(advantages.gt(0));
        NDArray below = ratio.lt((float) (1 - settings.clipLow())).logicalAnd(advantages.lt(0));
        return above.logicalOr(below);
    }
}
