package dev.grpo.coderewards;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the stage has committed so far: rollouts scored (passed, or failed by reason), skipped (no verification
 * spec) and dead-lettered. Counts only committed work, so after a restart nothing is counted twice by one instance.
 *
 * @param scored rollouts given a score
 * @param passed of those, how many passed every test
 * @param failed of the others, how many failed by each reason
 * @param skipped rollouts without a verification spec
 * @param deadLettered records sent to the dead-letter topic
 */
public record ScoringTally(long scored, long passed, Map<Failure, Long> failed, long skipped, long deadLettered) {

    /** Copies the map. */
    public ScoringTally {
        failed = Map.copyOf(failed);
    }

    /** Nothing yet. */
    public static ScoringTally empty() {
        return new ScoringTally(0, 0, Map.of(), 0, 0);
    }

    /** This tally plus one committed outcome. */
    ScoringTally plus(CodeScoring.Outcome outcome) {
        if (outcome instanceof CodeScoring.Scored score) {
            return score.verdict().allPassed()
                    ? new ScoringTally(scored + 1, passed + 1, failed, skipped, deadLettered)
                    : new ScoringTally(scored + 1, passed, failedPlus(score.verdict().failure()), skipped, deadLettered);
        }
        if (outcome instanceof CodeScoring.Skipped) {
            return new ScoringTally(scored, passed, failed, skipped + 1, deadLettered);
        }
        return outcome instanceof CodeScoring.DeadLettered
                ? new ScoringTally(scored, passed, failed, skipped, deadLettered + 1) : this;
    }

    private Map<Failure, Long> failedPlus(Failure failure) {
        Map<Failure, Long> counts = new EnumMap<>(Failure.class);
        counts.putAll(failed);
        counts.merge(failure, 1L, Long::sum);
        return counts;
    }

    /**
     * One progress line, with the rate since {@code before} taken {@code interval} ago, e.g.
     * {@code "scored 120 (12.0/s): passed 80, failed 40 (wrong_answer 30, timeout 10); skipped 5, dead letters 1"}.
     */
    public String line(ScoringTally before, Duration interval) {
        double seconds = Math.max(interval.toMillis(), 1) / 1000.0;
        String reasons = failed.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "scored %d (%.1f/s): passed %d, failed %d%s; skipped %d, dead letters %d",
                scored, (scored - before.scored) / seconds, passed, scored - passed,
                reasons.isEmpty() ? "" : " (" + reasons + ")", skipped, deadLettered);
    }
}
