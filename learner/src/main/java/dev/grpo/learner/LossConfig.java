package dev.grpo.learner;

import ai.djl.ndarray.NDArray;
import dev.grpo.learner.internal.loss.Objective;
import dev.grpo.learner.internal.loss.Surrogate;

/**
 * The hyper-parameters of the learner's objective: which policy loss, its clip range and cap, the KL term and the
 * entropy bonus, and how tokens are aggregated.
 *
 * @param clipLow ε_low: the ratio is clipped from below at {@code 1 − clipLow}
 * @param clipHigh ε_high: the ratio is clipped from above at {@code 1 + clipHigh} (clip-higher when larger than
 *     clipLow)
 * @param klCoefficient β, the weight of the KL estimate to the reference policy; 0 turns the term off
 * @param aggregation how per-token losses are reduced
 * @param ratioCap the truncated-importance-sampling cap C on the ratio (at least {@code 1 + clipHigh}), or 0 for
 *     none; under {@link PolicyLoss#DECOUPLED_PPO} the cap on the behaviour weight π_prox/π_behaviour, above which a
 *     token is dropped (AReaL's {@code behav_imp_weight_cap})
 * @param normLength the constant divisor of {@link LossAggregation#SEQ_MEAN_TOKEN_SUM_NORM}; 0 until it is
 *     resolved to the model's max length ({@link #withNormLength}), which {@link dev.grpo.learner.internal.loss.GrpoLoss} requires
 * @param policyLoss the policy-gradient surrogate
 * @param klEstimator how each token estimates the KL to the reference
 * @param entropyCoefficient the weight of the entropy bonus (the loss subtracts it times the aggregated entropy);
 *     0 turns it off
 */
public record LossConfig(double clipLow, double clipHigh, double klCoefficient, LossAggregation aggregation,
                           double ratioCap, int normLength, PolicyLoss policyLoss, KlEstimator klEstimator,
                           double entropyCoefficient) implements Objective {

    /** Validates the ranges. */
    public LossConfig {
        if (!(clipLow >= 0 && clipLow < 1) || !(clipHigh >= 0) || !Double.isFinite(clipHigh)) {
            throw new IllegalArgumentException("clip ranges must satisfy 0 <= ε_low < 1 and 0 <= ε_high, got "
                    + clipLow + " and " + clipHigh);
        }
        if (!(klCoefficient >= 0) || !Double.isFinite(klCoefficient)) {
            throw new IllegalArgumentException("the KL coefficient must be >= 0, got " + klCoefficient);
        }
        if (aggregation == null) {
            throw new IllegalArgumentException("an aggregation mode is required");
        }
        if (ratioCap != 0 && !(ratioCap >= 1 + clipHigh && Double.isFinite(ratioCap))) {
            throw new IllegalArgumentException("the ratio cap must be 0 (off) or >= 1 + ε_high = " + (1 + clipHigh)
                    + ", got " + ratioCap);
        }
        if (normLength < 0) {
            throw new IllegalArgumentException("the Dr. GRPO norm length must be >= 0, got " + normLength);
        }
        if (policyLoss == null || klEstimator == null) {
            throw new IllegalArgumentException("a policy loss and a KL estimator are required");
        }
        if (!(entropyCoefficient >= 0) || !Double.isFinite(entropyCoefficient)) {
            throw new IllegalArgumentException("the entropy coefficient must be >= 0, got " + entropyCoefficient);
        }
    }

    /**
     * Today's objective: GRPO's clipped ratio, the k3 KL estimator and no entropy bonus.
     *
     * @param clipLow ε_low
     * @param clipHigh ε_high
     * @param klCoefficient β
     * @param aggregation how per-token losses are reduced
     * @param ratioCap the truncated-IS cap, or 0
     * @param normLength the Dr. GRPO norm length, or 0 until resolved
     */
    public LossConfig(double clipLow, double clipHigh, double klCoefficient, LossAggregation aggregation,
                      double ratioCap, int normLength) {
        this(clipLow, clipHigh, klCoefficient, aggregation, ratioCap, normLength, PolicyLoss.GRPO, KlEstimator.K3, 0);
    }

    /**
     * @param coefficient another β
     * @return these settings with that KL coefficient
     */
    public LossConfig withKlCoefficient(double coefficient) {
        return new LossConfig(clipLow, clipHigh, coefficient, aggregation, ratioCap, normLength, policyLoss,
                klEstimator, entropyCoefficient);
    }

    /**
     * @param length another Dr. GRPO norm length
     * @return these settings with that norm length
     */
    public LossConfig withNormLength(int length) {
        return new LossConfig(clipLow, clipHigh, klCoefficient, aggregation, ratioCap, length, policyLoss,
                klEstimator, entropyCoefficient);
    }

    /** {@inheritDoc} The weights are those of this settings' {@link #aggregation()}. */
    @Override
    public NDArray tokenWeights(NDArray mask, long tokens, int sequences) {
        return aggregation.tokenWeights(mask, tokens, sequences, normLength);
    }

    /** {@inheritDoc} The surrogate of this settings' {@link #policyLoss()}. */
    @Override
    public Surrogate surrogate() {
        return policyLoss.surrogate();
    }

    /** {@inheritDoc} The estimate of this settings' {@link #klEstimator()}. */
    @Override
    public NDArray klEstimate(NDArray logRefOverPolicy) {
        return klEstimator.estimate(logRefOverPolicy);
    }
}
