package dev.grpo.workflow.demo;

import dev.grpo.schemas.StageTime;
import dev.grpo.workflow.eval.EvalResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code report.json} holds. Accuracies are held-out pass@1 (T 0.6, top-p 0.95, averaged over k samples);
 * the first/last values are means over the first and last 10 % of the learner's steps.
 *
 * @param baseAccuracy held-out pass@1 of the base model
 * @param finalAccuracy held-out pass@1 of the final checkpoint
 * @param steps learner versions trained
 * @param wallSeconds wall time of the whole run, evaluations included
 * @param maxStaleness the staleness bound η
 * @param maxStalenessObserved the largest staleness of a trained sample
 * @param staleDropped samples the learner refused as stale
 * @param meanLengthFirst mean completion length, first 10 % of steps
 * @param meanLengthLast mean completion length, last 10 % of steps
 * @param languageConsistencyFirst mean language consistency, first 10 % of steps
 * @param languageConsistencyLast mean language consistency, last 10 % of steps
 * @param languageReward whether the language-consistency reward counted in the total reward
 * @param base the base model's whole evaluation
 * @param finalEval the final checkpoint's whole evaluation
 * @param finalCheckpoint where the final policy lies
 * @param topicEndOffsets end offset summed over partitions per topic (transaction markers included)
 * @param sftExamples SFT examples the rejection-sampling filter left on {@code grpo.sft}
 * @param stalenessHistogram trained samples per staleness
 * @param curve every learner step
 * @param stageTimes each stage's busy and idle seconds from its start to the learner's last step, by stage
 *     ({@code learner} and each generator's id): a learner idle most of the time waits on the generators, a generator
 *     idle most of the time waits on admission, that is on the learner
 * @param partialRollouts whether the generators took new versions between decode steps
 * @param rolloutsSpanningVersions published rollouts whose tokens came from more than one version
 * @param meanTokenStaleness mean staleness of the trained completion tokens, each token counted from the version
 *     that drew it (below the samples' staleness, that of their oldest token, only with partial rollouts)
 */
public record DemoReport(double baseAccuracy, double finalAccuracy, long steps, double wallSeconds,
                         long maxStaleness, long maxStalenessObserved, long staleDropped, double meanLengthFirst,
                         double meanLengthLast, double languageConsistencyFirst, double languageConsistencyLast,
                         boolean languageReward, EvalResult base, EvalResult finalEval, String finalCheckpoint,
                         Map<String, Long> topicEndOffsets, long sftExamples, Map<Long, Integer> stalenessHistogram,
                         List<StepPoint> curve, Map<String, StageTime> stageTimes, boolean partialRollouts,
                         long rolloutsSpanningVersions, double meanTokenStaleness) {

    /** Copies the stage times, keeping their order. */
    public DemoReport {
        stageTimes = Collections.unmodifiableMap(new LinkedHashMap<>(stageTimes));
    }
}
