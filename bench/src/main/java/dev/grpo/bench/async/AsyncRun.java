package dev.grpo.bench.async;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.grpo.schemas.StageTime;
import dev.grpo.workflow.demo.CoreSplit;
import dev.grpo.workflow.demo.DemoReport;
import java.util.Map;
import java.util.Objects;

/**
 * One demo run of the comparison.
 *
 * @param variant the run's staleness bound η and whether it took partial rollouts (flat in JSON:
 *                {@code max_staleness}, {@code partial_rollouts})
 * @param round which round of the comparison it belongs to (from 0)
 * @param cores the PyTorch threads of the learner and of each sampling thread (0: every core)
 * @param trainingSeconds wall time from the learner's start to its last step: what asynchrony can shorten
 * @param wallSeconds wall time of the whole run, both held-out evaluations included
 * @param baseAccuracy held-out pass@1 of the base model
 * @param finalAccuracy held-out pass@1 of the final checkpoint
 * @param rolloutsSpanningVersions published rollouts whose tokens came from more than one policy version (0 without
 *                                 partial rollouts)
 * @param meanTokenStaleness mean staleness of the trained completion tokens, each from the version that drew it
 * @param stageTimes each stage's busy and idle time while training
 */
public record AsyncRun(@JsonUnwrapped AsyncVariant variant, int round, CoreSplit cores, double trainingSeconds,
                       double wallSeconds, double baseAccuracy, double finalAccuracy, long rolloutsSpanningVersions,
                       double meanTokenStaleness, Map<String, StageTime> stageTimes) {

    /** Copies the stage times. */
    public AsyncRun {
        Objects.requireNonNull(variant, "variant");
        stageTimes = Map.copyOf(stageTimes);
    }

    /** The run a demo report describes; its training time is the learner's wall time. */
    static AsyncRun of(AsyncVariant variant, int round, CoreSplit cores, DemoReport report) {
        StageTime learner = report.stageTimes().getOrDefault(LEARNER, StageTime.ZERO);
        return new AsyncRun(variant, round, cores, learner.wallSeconds(), report.wallSeconds(), report.baseAccuracy(),
                report.finalAccuracy(), report.rolloutsSpanningVersions(), report.meanTokenStaleness(), report.stageTimes());
    }

    /** The learner's name among the demo's stages. */
    static final String LEARNER = "learner";
}
