package dev.grpo.bench.async;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grpo.workflow.demo.CoreSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The runs of one comparison, and the speed-up of each variant (staleness bound η, with or without partial rollouts)
 * over the baseline (η = 0 by default): the ratio of median training times, so a slow outlier on a shared machine
 * counts less.
 *
 * @param baseline the variant the others are compared with
 * @param runs every run, in the order they ran
 */
public record AsyncComparison(AsyncVariant baseline, List<AsyncRun> runs) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the runs. */
    public AsyncComparison {
        Objects.requireNonNull(baseline, "baseline");
        runs = List.copyOf(runs);
    }

    /** @return the variants that ran, in the order they first ran (round 0's, the order asked for) */
    public List<AsyncVariant> variants() {
        return runs.stream().map(AsyncRun::variant).distinct().toList();
    }

    /** @return the median training seconds of the runs of {@code variant}; empty when none ran */
    public OptionalDouble medianTrainingSeconds(AsyncVariant variant) {
        double[] seconds = runs.stream().filter(r -> r.variant().equals(variant))
                .mapToDouble(AsyncRun::trainingSeconds).sorted().toArray();
        if (seconds.length == 0) {
            return OptionalDouble.empty();
        }
        int middle = seconds.length / 2;
        return OptionalDouble.of(seconds.length % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2);
    }

    /** @return how many times faster {@code variant} trained than the baseline (median over rounds) */
    public double speedUp(AsyncVariant variant) {
        return medianTrainingSeconds(baseline).orElse(Double.NaN)
                / medianTrainingSeconds(variant).orElse(Double.NaN);
    }

    /** @return each variant's median training time and speed-up over the baseline, in the order they first ran */
    @JsonProperty("variants")
    public List<VariantResult> results() {
        return variants().stream().map(variant -> new VariantResult(variant,
                medianTrainingSeconds(variant).orElseThrow(), speedUp(variant))).toList();
    }

    /**
     * One variant's outcome over every round.
     *
     * @param variant the staleness bound and whether it took partial rollouts (flat in JSON)
     * @param medianTrainingSeconds the median of its runs' training times
     * @param speedUp the baseline's median training time over this one's
     */
    public record VariantResult(@JsonUnwrapped AsyncVariant variant, double medianTrainingSeconds, double speedUp) {
    }

    /** @return one line per run, then one per variant with its speed-up over the baseline */
    public String table() {
        StringBuilder lines = new StringBuilder(String.format(Locale.ROOT,
                "%-5s %-7s %-5s %-8s %10s %10s %9s %9s %8s %9s  %s%n", "eta", "partial", "round", "threads",
                "training", "total", "base", "final", "spanning", "tok-stale", "stage time while training"));
        for (AsyncRun run : runs) {
            lines.append(String.format(Locale.ROOT,
                    "%-5d %-7s %-5d %-8s %9.1fs %9.1fs %8.1f%% %8.1f%% %8d %9.2f  %s%n",
                    run.variant().maxStaleness(), run.variant().partialRollouts() ? "on" : "off", run.round(),
                    threads(run.cores()), run.trainingSeconds(), run.wallSeconds(), 100 * run.baseAccuracy(),
                    100 * run.finalAccuracy(), run.rolloutsSpanningVersions(), run.meanTokenStaleness(), stages(run)));
        }
        for (VariantResult result : results()) {
            lines.append(String.format(Locale.ROOT, "%s: median training %.1f s, %.2fx the speed of %s%n",
                    result.variant().label(), result.medianTrainingSeconds(), result.speedUp(), baseline.label()));
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
