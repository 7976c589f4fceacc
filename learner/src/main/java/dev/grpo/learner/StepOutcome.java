package dev.grpo.learner;

/**
 * What one optimiser step did, for the metrics.
 *
 * @param loss the step's loss
 * @param policyLoss its clipped policy-gradient part
 * @param klLoss its β-weighted KL part
 * @param clipFraction fraction of tokens whose gradient the clip (or ratio cap) removed
 * @param cappedFraction fraction of tokens whose ratio exceeded the truncated-IS cap
 * @param entropy the sampled-token entropy estimate, mean of −log πθ over the step's tokens
 * @param tokens completion tokens trained on
 * @param sequences completions trained on
 * @param gradientNorm the global gradient norm before clipping
 * @param learningRate the learning rate the step used
 */
public record StepOutcome(double loss, double policyLoss, double klLoss, double clipFraction, double cappedFraction,
                          double entropy, long tokens, int sequences, float gradientNorm, float learningRate) {
}
