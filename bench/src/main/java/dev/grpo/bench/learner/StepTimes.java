package dev.grpo.bench.learner;

import java.util.Arrays;

/**
 * The wall-clock seconds of a benchmark's steps: the untimed warm-up steps (the first of which is the cold start) and
 * the timed ones the summary numbers come from. {@code bench/pytorch_reference.py} summarises its steps the same
 * way, so the two medians compare.
 *
 * @param warmup seconds of each warm-up step, in order
 * @param timed seconds of each timed step, in order, at least one
 */
public record StepTimes(double[] warmup, double[] timed) {

    /** Copies both arrays; requires a timed step. */
    public StepTimes {
        if (timed.length == 0) {
            throw new IllegalArgumentException("no timed step");
        }
        warmup = warmup.clone();
        timed = timed.clone();
    }

    /** @return the very first step of the run, warm-up or not: what a freshly started learner pays once */
    public double first() {
        return warmup.length > 0 ? warmup[0] : timed[0];
    }

    /** @return the median of the timed steps (the mean of the middle two for an even count) */
    public double median() {
        double[] sorted = sorted();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** @return the 90th percentile of the timed steps, nearest rank */
    public double p90() {
        double[] sorted = sorted();
        return sorted[(int) Math.ceil(0.9 * sorted.length) - 1];
    }

    private double[] sorted() {
        double[] sorted = timed.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
