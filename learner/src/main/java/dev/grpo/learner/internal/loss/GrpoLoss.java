package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;
import dev.grpo.policy.NoGradient;
import dev.grpo.policy.Scalar;

/**
 * The learner's loss: a policy-gradient {@link Surrogate} (GRPO's clipped ratio by default; decoupled PPO, GSPO or
 * CISPO when chosen), a KL penalty to a frozen reference and an entropy bonus. Per token t of completion i:
 *
 * <pre>
 *   loss_t = −surrogate_t + β·KL_t − η·H_t
 * </pre>
 *
 * with KL_t the chosen estimator (k3 = π_ref/πθ − log(π_ref/πθ) − 1 by default, as in DeepSeekMath) and H_t the
 * policy's entropy at that position, reduced with the step's {@link LossAggregation} weights. See learner/README.md.
 * Numbers enter the differentiated graph through {@link Scalar#like}: DJL frees the temporary array of
 * {@code mul(Number)} before autograd's backward pass reads it.
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
     * @throws IllegalArgumentException when β > 0 and the batch has no reference log-probs, or the entropy bonus is
     *     on and the batch has no entropy
     */
    public LossTerms compute(LossBatch batch, StepTotals totals) {
        if (settings.usesReference() && batch.referenceLogProbs() == null) {
            throw new IllegalArgumentException("β = " + settings.klCoefficient() + " needs reference log-probs");
        }
        if (settings.usesEntropy() && batch.entropy() == null) {
            throw new IllegalArgumentException("the entropy coefficient " + settings.entropyCoefficient()
                    + " needs the policy's entropy");
        }
        NDArray mask = batch.mask();
        NDArray weights = settings.tokenWeights(mask, totals.tokens(), totals.sequences());
        NDArray advantages = batch.advantages().reshape(-1, 1);
        TokenSurrogate surrogate = settings.surrogate().compute(batch, advantages, settings);
        NDArray policyLoss = surrogate.values().neg().mul(weights).sum();
        NDArray loss = policyLoss;
        float klLoss = 0f;
        if (settings.usesReference()) {
            NDArray estimate = settings.klEstimate(batch.referenceLogProbs().sub(batch.logProbs()));
            NDArray klPart = estimate.mul(weights).sum().mul(Scalar.like(estimate, (float) settings.klCoefficient()));
            loss = loss.add(klPart);
            klLoss = klPart.getFloat();
        }
        float entropyLoss = 0f;
        if (settings.usesEntropy()) {
            NDArray entropy = batch.entropy();
            NDArray bonus = entropy.mul(weights).sum().mul(Scalar.like(entropy, (float) -settings.entropyCoefficient()));
            loss = loss.add(bonus);
            entropyLoss = bonus.getFloat();
        }
        try (NoGradient noGradient = NoGradient.scope()) {
            return new LossTerms(loss, policyLoss.getFloat(), klLoss, entropyLoss, count(surrogate.flat(), mask),
                    count(surrogate.capped(), mask));
        }
    }

    private static long count(NDArray indicator, NDArray mask) {
        if (indicator == null) {
            return 0;
        }
        return Math.round(indicator.toType(mask.getDataType(), false).mul(mask).sum().getFloat());
    }
}
