package dev.grpo.learner;

import ai.djl.ndarray.NDArray;
import dev.grpo.policy.Scalar;

/**
 * How each token estimates KL(π_θ ‖ π_ref) from the one sampled token, in Schulman's notation with
 * {@code r = π_ref/π_θ} ("Approximating KL divergence", 2020). k1 is unbiased but noisy and can be negative, k2 is
 * low-variance but biased, k3 is unbiased, low-variance and never negative (DeepSeekMath's choice; the default).
 */
public enum KlEstimator implements Labelled {

    /** {@code k1 = −log r = log π_θ − log π_ref}; its gradient is 1 per token (veRL's "kl"). */
    K1("k1"),
    /** {@code k2 = (log r)²/2}; its gradient is the log ratio itself (veRL's "mse"). */
    K2("k2"),
    /** {@code k3 = r − 1 − log r} (veRL's "low_var_kl"). */
    K3("k3");

    private final String label;

    KlEstimator(String label) {
        this.label = label;
    }

    /** @return the name used on the command line, e.g. {@code k3} */
    @Override
    public String label() {
        return label;
    }

    /**
     * @param label a name as {@link #label()} gives it
     * @return the estimator
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static KlEstimator fromLabel(String label) {
        return Labelled.byLabel(KlEstimator.class, "KL estimator", label);
    }

    /**
     * @param logRefOverPolicy {@code log r = log π_ref − log π_θ} per token, differentiable
     * @return the per-token estimate, differentiable
     */
    NDArray estimate(NDArray logRefOverPolicy) {
        return switch (this) {
            case K1 -> logRefOverPolicy.neg();
            case K2 -> logRefOverPolicy.mul(logRefOverPolicy).mul(Scalar.like(logRefOverPolicy, 0.5f));
            case K3 -> logRefOverPolicy.exp().sub(logRefOverPolicy).sub(Scalar.like(logRefOverPolicy, 1f));
        };
    }
}
