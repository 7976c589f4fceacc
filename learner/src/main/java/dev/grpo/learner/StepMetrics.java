package dev.grpo.learner;

import java.util.Map;

/**
 * Everything measured about one optimiser step.
 *
 * @param version the learner's version after the step
 * @param outcome loss, its parts, clip fraction, entropy, token counts, gradient norm, learning rate
 * @param groups groups trained on
 * @param meanReward mean total reward of the trained completions
 * @param meanRewardComponents mean of each reward component over the trained completions
 * @param meanCompletionLength mean completion length in tokens
 * @param staleness how many trained samples had each staleness {@code v − policy_version}
 * @param tokenStaleness how many trained completion tokens had each staleness, each token of a partial rollout
 *     counted from its own version (the same as {@code staleness} weighted by length without partial rollouts)
 * @param staleTotal samples refused as stale so far
 * @param deadLetterTotal records dead-lettered so far
 * @param tokensPerSecond completion tokens trained per second of computing
 * @param waitSeconds time spent waiting for data since the previous step
 * @param computeSeconds time spent computing the step
 */
public record StepMetrics(long version, StepOutcome outcome, int groups, double meanReward,
                          Map<String, Double> meanRewardComponents, double meanCompletionLength,
                          Map<Long, Integer> staleness, Map<Long, Long> tokenStaleness, long staleTotal,
                          long deadLetterTotal,
                          double tokensPerSecond, double waitSeconds, double computeSeconds) {

    /** Copies the maps. */
    public StepMetrics {
        meanRewardComponents = Map.copyOf(meanRewardComponents);
        staleness = Map.copyOf(staleness);
        tokenStaleness = Map.copyOf(tokenStaleness);
    }

    /** @return a one-line summary for the log */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "step %d: loss %.5f (pg %.5f, kl %.5f) clip %.3f entropy %.3f reward %.3f %s len %.1f "
                        + "staleness %s stale %d dlq %d grad-norm %.3f lr %.2e %.0f tok/s wait %.2fs compute %.2fs",
                version, outcome.loss(), outcome.policyLoss(), outcome.klLoss(), outcome.clipFraction(),
                outcome.entropy(), meanReward, meanRewardComponents, meanCompletionLength, staleness, staleTotal,
                deadLetterTotal, outcome.gradientNorm(), outcome.learningRate(), tokensPerSecond, waitSeconds,
                computeSeconds);
    }
}
