package dev.grpo.policy;

/**
 * AdamW hyper-parameters and the learning-rate schedule: linear warm-up to {@code learningRate}, then cosine decay
 * to {@code finalLearningRateFraction * learningRate} at {@code totalSteps} (constant after warm-up when
 * {@code totalSteps} is 0).
 *
 * @param learningRate the peak learning rate
 * @param warmupSteps steps of linear warm-up (0 for none)
 * @param totalSteps the step at which the cosine decay ends, or 0 for a constant rate
 * @param finalLearningRateFraction where the decay ends, as a fraction of the peak
 * @param weightDecay decoupled weight decay
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon AdamW's epsilon
 * @param maxGradientNorm the global gradient norm is clipped to this (0 = no clipping)
 */
public record OptimizerConfig(float learningRate, int warmupSteps, int totalSteps, float finalLearningRateFraction,
                                float weightDecay, float beta1, float beta2, float epsilon, float maxGradientNorm) {

    /** Validates the ranges. */
    public OptimizerConfig {
        if (!(learningRate > 0) || warmupSteps < 0 || totalSteps < 0 || !(weightDecay >= 0)
                || !(maxGradientNorm >= 0) || !(finalLearningRateFraction >= 0 && finalLearningRateFraction <= 1)) {
            throw new IllegalArgumentException("invalid optimizer settings: " + this);
        }
    }

    /**
     * Warm-up over 5 % of the steps, cosine decay to 10 %, weight decay 0.01, betas (0.9, 0.95), clipping at 1.
     *
     * @param learningRate the peak learning rate
     * @param totalSteps the number of steps to train
     * @return the settings
     */
    public static OptimizerConfig cosine(float learningRate, int totalSteps) {
        return new OptimizerConfig(learningRate, Math.max(1, totalSteps / 20), totalSteps, 0.1f, 0.01f, 0.9f, 0.95f,
                1e-8f, 1f);
    }

    /**
     * A constant learning rate (no warm-up), as RL fine-tuning usually uses.
     *
     * @param learningRate the rate
     * @return the settings
     */
    public static OptimizerConfig constant(float learningRate) {
        return new OptimizerConfig(learningRate, 0, 0, 1f, 0f, 0.9f, 0.95f, 1e-8f, 1f);
    }

    /**
     * @param step the 1-based optimiser step
     * @return the learning rate at that step
     */
    public float learningRateAt(int step) {
        if (step <= warmupSteps) {
            return learningRate * step / warmupSteps;
        }
        if (totalSteps == 0) {
            return learningRate;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (learningRate * (finalLearningRateFraction + (1 - finalLearningRateFraction) * cosine));
    }
}
