package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;
import dev.grpo.policy.NoGradient;
import dev.grpo.policy.Scalar;

/**
 * The per-token clipped GRPO objective with a k3 KL penalty to a frozen reference, as in DeepSeekMath / DeepSeek-R1,
 * with the ratio taken against the behaviour policy that generated the tokens. Per token t of completion i:
 *
 * <pre>
 *   ρ = exp(log πθ − log π_behaviour)
 *   surrogate = min(min(ρ, C)·A_i, clip(ρ, 1 − ε_low, 1 + ε_high)·A_i)     (C = ∞ without a ratio cap)
 *   k3 = π_ref/πθ − log(π_ref/πθ) − 1
 *   loss_t = −surrogate + β·k3
 * </pre>
 *
 * reduced with the step's {@link LossAggregation} weights. See learner/README.md. Numbers enter the
 * differentiated graph through {@link Scalar#like}: DJL frees the temporary array of {@code mul(Number)} before
 * autograd's backward pass reads it.
 */
public final class GrpoLoss {

    private final Objective settings;

    /** @param settings the objective's hyper-parameters, with the norm length resolved (> 0) */
    public GrpoLoss(Objective settings) {
        if (settings.normLength() <= 0) {
            throw new IllegalArgumentException("the Dr. GRPO norm length must be > 0, got " + settings.normLength());
        }
        this.settings = settings;
    }

    /** @return the hyper-parameters */
    public Objective settings() {
        return settings;
    }

    /**
     * @param batch the mini-batch's log-probs, advantages and mask
     * @param totals the whole step's size, for the aggregation weights
     * @return the differentiable loss and its parts
     * @throws IllegalArgumentException when β > 0 and the batch has no reference log-probs
     */
    public LossTerms compute(LossBatch batch, StepTotals totals) {
        if (settings.usesReference() && batch.referenceLogProbs() == null) {
            throw new IllegalArgumentException("β = " + settings.klCoefficient() + " needs reference log-probs");
        }
        NDArray mask = batch.mask();
        NDArray weights = settings.tokenWeights(mask, totals.tokens(), totals.sequences());
        NDArray advantages = batch.advantages().reshape(-1, 1);
        NDArray ratio = batch.logProbs().sub(batch.behaviourLogProbs()).exp();
        NDArray capped = settings.ratioCap() > 0 ? ratio.minimum(Scalar.like(ratio, (float) settings.ratioCap())) : ratio;
        NDArray clipped = ratio.clip((float) (1 - settings.clipLow()), (float) (1 + settings.clipHigh()));
        NDArray surrogate = capped.mul(advantages).minimum(clipped.mul(advantages));
        NDArray policyLoss = surrogate.neg().mul(weights).sum();
        NDArray loss = policyLoss;
        float klLoss = 0f;
        if (settings.usesReference()) {
            NDArray logRatio = batch.referenceLogProbs().sub(batch.logProbs());
            NDArray k3 = logRatio.exp().sub(logRatio).sub(Scalar.like(logRatio, 1f));
            NDArray klPart = k3.mul(weights).sum().mul(Scalar.like(k3, (float) settings.klCoefficient()));
            loss = policyLoss.add(klPart);
            klLoss = klPart.getFloat();
        }
        try (NoGradient noGradient = NoGradient.scope()) {
            long cappedTokens = settings.ratioCap() > 0 ? count(ratio.gt((float) settings.ratioCap()), mask) : 0;
            return new LossTerms(loss, policyLoss.getFloat(), klLoss, count(flatTokens(ratio, advantages), mask),
                    cappedTokens);
        }
    }

    /** Tokens where the surrogate is flat in ρ: clipped above 1 + ε_high with A > 0, below 1 − ε_low with A < 0, capped above C with A < 0. */
    private NDArray flatTokens(NDArray ratio, NDArray advantages) {
        NDArray above = ratio.gt((float) (1 + settings.clipHigh())).logicalAnd(advantages.gt(0));
        NDArray below = ratio.lt((float) (1 - settings.clipLow())).logicalAnd(advantages.lt(0));
        NDArray flat = above.logicalOr(below);
        if (settings.ratioCap() > 0) {
            flat = flat.logicalOr(ratio.gt((float) settings.ratioCap()).logicalAnd(advantages.lt(0)));
        }
        return flat;
    }

    private static long count(NDArray indicator, NDArray mask) {
        return Math.round(indicator.toType(mask.getDataType(), false).mul(mask).sum().getFloat());
    }
}
