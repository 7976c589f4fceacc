package dev.grpo.bench.rewards;

import java.util.Arrays;

/** Latency samples in milliseconds and their percentiles (nearest rank). */
final class Latencies {

    private long[] samples = new long[1024];
    private int count;

    void add(long millis) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = millis;
    }

    int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 < p <= 100), or -1 without samples. */
    long percentile(double p) {
        if (count == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)];
    }
}
