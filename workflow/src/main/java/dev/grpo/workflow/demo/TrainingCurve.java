package dev.grpo.workflow.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The learner's steps of one run, in order, with the summaries the report needs. Safe to share between threads. */
public final class TrainingCurve {

    private final List<StepPoint> points = new ArrayList<>();

    /** Adds the next step. */
    public synchronized void add(StepPoint point) {
        points.add(point);
    }

    /** A copy of the steps so far. */
    public synchronized List<StepPoint> points() {
        return List.copyOf(points);
    }

    /** Mean of {@code metric} over the first 10 % of the steps (at least one); NaN without steps. */
    public double firstTenth(ToDoubleFunction<StepPoint> metric) {
        List<StepPoint> all = points();
        return mean(all.subList(0, tenth(all.size())), metric);
    }

    /** Mean of {@code metric} over the last 10 % of the steps (at least one); NaN without steps. */
    public double lastTenth(ToDoubleFunction<StepPoint> metric) {
        List<StepPoint> all = points();
        return mean(all.subList(all.size() - tenth(all.size()), all.size()), metric);
    }

    /** How many trained samples had each staleness, over the whole run. */
    public Map<Long, Integer> stalenessHistogram() {
        Map<Long, Integer> histogram = new TreeMap<>();
        points().forEach(p -> p.staleness().forEach((s, n) -> histogram.merge(s, n, Integer::sum)));
        return histogram;
    }

    /**
     * The mean staleness of the trained completion tokens over the whole run, each token of a partial rollout counted
     * from its own version; 0 when no token has one.
     */
    public double meanTokenStaleness() {
        long tokens = 0;
        double weighted = 0;
        for (StepPoint point : points()) {
            for (Map.Entry<Long, Long> entry : point.tokenStaleness().entrySet()) {
                tokens += entry.getValue();
                weighted += (double) entry.getKey() * entry.getValue();
            }
        }
        return tokens == 0 ? 0 : weighted / tokens;
    }

    /** The largest staleness of any trained sample. */
    public long maxStalenessObserved() {
        return points().stream().mapToLong(StepPoint::maxStaleness).max().orElse(0);
    }

    /** Samples the learner refused as stale over the run. */
    public long staleDropped() {
        List<StepPoint> all = points();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).staleTotal();
    }

    private static int tenth(int size) {
        return size == 0 ? 0 : Math.max(1, size / 10);
    }

    private static double mean(List<StepPoint> slice, ToDoubleFunction<StepPoint> metric) {
        return slice.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }
}
