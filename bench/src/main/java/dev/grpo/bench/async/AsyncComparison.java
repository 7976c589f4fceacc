package dev.grpo.bench.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grpo.workflow.demo.CoreSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The runs of one comparison, and the speed-up of each staleness bound over the first one named (η = 0 by default):
 * the ratio of median training times, so a slow outlier on a shared machine counts less.
 *
 * @param baseline the staleness bound the others are compared with
 * @param runs every run, in the order they ran
 */
public record AsyncComparison(int baseline, List<AsyncRun> runs) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the runs. */
    public AsyncComparison {
        runs = List.copyOf(runs);
    }

    /** @return the median training seconds of the runs at {@code maxStaleness}; empty when none ran */
    public OptionalDouble medianTrainingSeconds(int maxStaleness) {
        double[] seconds = runs.stream().filter(r -> r.maxStaleness() == maxStaleness)
                .mapToDouble(AsyncRun::trainingSeconds).sorted().toArray();
        if (seconds.length == 0) {
            return OptionalDouble.empty();
        }
        int middle = seconds.length / 2;
        return OptionalDouble.of(seconds.length % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2);
    }

    /** @return how many times faster {@code maxStaleness} trained than the baseline (median over rounds) */
    public double speedUp(int maxStaleness) {
        return medianTrainingSeconds(baseline).orElse(Double.NaN)
                / medianTrainingSeconds(maxStaleness).orElse(Double.NaN);
    }

    /** @return one line per run, then one per staleness bound with its speed-up over the baseline */
    public String table() {
        StringBuilder lines = new StringBuilder(String.format(Locale.ROOT, "%-5s %-5s %-8s %10s %10s %9s %9s  %s%n",
                "eta", "round", "threads", "training", "total", "base", "final", "stage time while training"));
        for (AsyncRun run : runs) {
            lines.append(String.format(Locale.ROOT, "%-5d %-5d %-8s %9.1fs %9.1fs %8.1f%% %8.1f%%  %s%n",
                    run.maxStaleness(), run.round(), threads(run.cores()), run.trainingSeconds(), run.wallSeconds(),
                    100 * run.baseAccuracy(), 100 * run.finalAccuracy(), stages(run)));
        }
        for (int eta : new TreeMap<>(runs.stream().collect(Collectors.groupingBy(AsyncRun::maxStaleness))).keySet()) {
            lines.append(String.format(Locale.ROOT, "eta %d: median training %.1f s, %.2fx the speed of eta %d%n", eta,
                    medianTrainingSeconds(eta).orElse(Double.NaN), speedUp(eta), baseline));
        }
        return lines.toString();
    }

    /** e.g. {@code 1/1}: the learner's threads, then each sampling thread's; {@code all} for every core. */
    private static String threads(CoreSplit cores) {
        return count(cores.learnerThreads()) + "/" + count(cores.generatorThreads());
    }

    private static String count(int threads) {
        return threads == 0 ? "all" : Integer.toString(threads);
    }

    private static String stages(AsyncRun run) {
        return new TreeMap<>(run.stageTimes()).entrySet().stream()
                .map(stage -> String.format(Locale.ROOT, "%s %.0f%% busy (idle %.0f s)", stage.getKey(),
                        100 * stage.getValue().busyShare(), stage.getValue().idleSeconds()))
                .collect(Collectors.joining(", "));
    }

    /** Writes the runs and the speed-ups as JSON. */
    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
