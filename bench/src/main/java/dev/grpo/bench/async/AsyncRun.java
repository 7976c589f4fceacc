package dev.grpo.bench.async;

import dev.grpo.schemas.StageTime;
import dev.grpo.workflow.demo.CoreSplit;
import dev.grpo.workflow.demo.DemoReport;
import java.util.Map;

/**
 * One demo run of the comparison.
 *
 * @param maxStaleness the run's staleness bound η
 * @param round which round of the comparison it belongs to (from 0)
 * @param cores the PyTorch threads of the learner and of each sampling thread (0: every core)
 * @param trainingSeconds wall time from the learner's start to its last step: what asynchrony can shorten
 * @param wallSeconds wall time of the whole run, both held-out evaluations included
 * @param baseAccuracy held-out pass@1 of the base model
 * @param finalAccuracy held-out pass@1 of the final checkpoint
 * @param stageTimes each stage's busy and idle time while training
 */
public record AsyncRun(int maxStaleness, int round, CoreSplit cores, double trainingSeconds, double wallSeconds, double baseAccuracy,
                       double finalAccuracy, Map<String, StageTime> stageTimes) {

    /** Copies the stage times. */
    public AsyncRun {
        stageTimes = Map.copyOf(stageTimes);
    }

    /** The run a demo report describes; its training time is the learner's wall time. */
    static AsyncRun of(int maxStaleness, int round, CoreSplit cores, DemoReport report) {
        StageTime learner = report.stageTimes().getOrDefault(LEARNER, StageTime.ZERO);
        return new AsyncRun(maxStaleness, round, cores, learner.wallSeconds(), report.wallSeconds(), report.baseAccuracy(),
                report.finalAccuracy(), report.stageTimes());
    }

    /** The learner's name among the demo's stages. */
    static final String LEARNER = "learner";
}
