package dev.grpo.workflow.demo;

import dev.grpo.learner.StepMetrics;
import dev.grpo.streams.AccuracyReward;
import dev.grpo.streams.LanguageConsistencyReward;

import java.util.Map;

/**
 * One learner step as the report plots it.
 *
 * @param step the learner version after the step
 * @param meanReward mean total reward of the trained completions
 * @param accuracy mean accuracy reward of the trained completions (training prompts, training temperature)
 * @param meanLength mean completion length in tokens
 * @param languageConsistency mean language-consistency score
 * @param staleness how many trained samples had each staleness
 * @param tokenStaleness how many trained completion tokens had each staleness (a partial rollout's tokens each from
 *     their own version)
 * @param staleTotal samples refused as stale so far
 * @param trainedTokens completion tokens trained on in the step
 */
public record StepPoint(long step, double meanReward, double accuracy, double meanLength, double languageConsistency,
                        Map<Long, Integer> staleness, Map<Long, Long> tokenStaleness, long staleTotal,
                        long trainedTokens) {

    /** Copies the histogram. */
    public StepPoint {
        staleness = Map.copyOf(staleness);
        tokenStaleness = Map.copyOf(tokenStaleness);
    }

    /** The point of a learner step; a component the run does not compute reads as NaN. */
    public static StepPoint of(StepMetrics metrics) {
        Map<String, Double> components = metrics.meanRewardComponents();
        return new StepPoint(metrics.version(), metrics.meanReward(),
                components.getOrDefault(AccuracyReward.NAME, Double.NaN), metrics.meanCompletionLength(),
                components.getOrDefault(LanguageConsistencyReward.NAME, Double.NaN), metrics.staleness(),
                metrics.tokenStaleness(), metrics.staleTotal(), metrics.outcome().tokens());
    }

    /** The largest staleness of a sample trained in this step (0 when none). */
    public long maxStaleness() {
        return staleness.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
