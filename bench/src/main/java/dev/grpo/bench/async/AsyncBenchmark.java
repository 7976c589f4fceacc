package dev.grpo.bench.async;

import dev.grpo.workflow.demo.DemoConfig;
import dev.grpo.workflow.demo.DemoReport;
import dev.grpo.workflow.demo.DemoRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Runs the demo once per staleness bound η, back to back in this JVM with the same seed, steps, model and core split,
 * each into its own folder ({@code OUT/eta-N}, or {@code OUT/round-R/eta-N} over several rounds), and compares their
 * training times. Later rounds run the bounds in reverse order, so neither bound always runs first (when the JVM is
 * coldest) or last.
 */
public final class AsyncBenchmark {

    private final Config settings;
    private final PrintWriter progress;

    private AsyncBenchmark(Config settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the comparison.
     *
     * @param settings what to compare
     * @param progress where each demo's progress and summary go
     * @return every run
     * @throws IllegalArgumentException when a run's folder is not empty (the demo would resume from it)
     * @throws IllegalStateException when a demo failed or was stopped
     * @throws InterruptedException when interrupted
     */
    public static AsyncComparison run(Config settings, PrintWriter progress) throws InterruptedException {
        return new AsyncBenchmark(settings, progress).compare();
    }

    /**
     * Checks that no run's folder holds a run yet, before anything runs.
     *
     * @throws IllegalArgumentException naming the first folder that is not empty (the demo would resume from it)
     */
    public static void requireFreshFolders(Config settings) {
        AsyncBenchmark benchmark = new AsyncBenchmark(settings, new PrintWriter(Writer.nullWriter()));
        benchmark.plan().forEach(run -> requireEmpty(benchmark.folder(run.round(), run.maxStaleness())));
    }

    /** One run of the plan. */
    private record Planned(int round, int maxStaleness) {
    }

    private List<Planned> plan() {
        List<Planned> plan = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            List<Integer> order = new ArrayList<>(settings.stalenessBounds());
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (int eta : order) {
                plan.add(new Planned(round, eta));
            }
        }
        return plan;
    }

    private AsyncComparison compare() throws InterruptedException {
        requireFreshFolders(settings);
        List<AsyncRun> runs = new ArrayList<>();
        for (Planned run : plan()) {
            runs.add(runOnce(run.round(), run.maxStaleness()));
        }
        return new AsyncComparison(settings.stalenessBounds().get(0), runs);
    }

    private AsyncRun runOnce(int round, int eta) throws InterruptedException {
        Path folder = folder(round, eta);
        DemoConfig.Builder demo = DemoConfig.builder(folder, settings.baseCheckpoint()).steps(settings.steps())
                .maxStaleness(eta).evaluation(settings.evalPrompts(), settings.evalK()).seed(settings.seed());
        settings.learnerThreads().ifPresent(demo::learnerThreads);
        settings.generatorThreads().ifPresent(demo::generatorThreads);
        DemoConfig config = demo.build();
        progress.println("== eta " + eta + (settings.rounds() > 1 ? ", round " + round : "") + " into " + folder
                + ", PyTorch threads: learner " + threads(config.cores().learnerThreads()) + ", sampling "
                + threads(config.cores().generatorThreads()));
        progress.flush();
        DemoReport report = new DemoRun(config, progress).run()
                .orElseThrow(() -> new IllegalStateException("the demo at eta " + eta + " was stopped"));
        return AsyncRun.of(eta, round, config.cores(), report);
    }

    private static String threads(int count) {
        return count == 0 ? "every core" : Integer.toString(count);
    }

    private Path folder(int round, int eta) {
        Path parent = settings.rounds() > 1 ? settings.out().resolve("round-" + round) : settings.out();
        return parent.resolve("eta-" + eta);
    }

    /** A folder with a run in it would be resumed, not run afresh. */
    private static void requireEmpty(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(folder + " is not empty: the demo would resume the run in it; "
                        + "remove it or choose another --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * What to compare.
     *
     * @param baseCheckpoint the pretrained policy every run starts from
     * @param out the folder the runs' folders go into
     * @param stalenessBounds the bounds η to run, the first one being the baseline
     * @param rounds how many times to run every bound
     * @param steps learner steps per run
     * @param evalPrompts held-out prompts evaluated before and after each run
     * @param evalK samples per held-out prompt
     * @param seed seeds every run alike
     * @param learnerThreads PyTorch threads of the learner (0: every core); empty: the demo's for each bound
     * @param generatorThreads PyTorch threads of each sampling thread (0: every core); empty: the demo's
     */
    public record Config(Path baseCheckpoint, Path out, List<Integer> stalenessBounds, int rounds, int steps,
                         int evalPrompts, int evalK, long seed, OptionalInt learnerThreads,
                         OptionalInt generatorThreads) {

        /** The bounds compared unless told: synchronous against the demo's. */
        public static final String DEFAULT_BOUNDS = "0,2";

        /** Rejects an empty or negative list of bounds and a round count below 1, naming the value. */
        public Config {
            Objects.requireNonNull(baseCheckpoint, "base checkpoint");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(learnerThreads, "learner threads");
            Objects.requireNonNull(generatorThreads, "generator threads");
            stalenessBounds = List.copyOf(stalenessBounds);
            if (stalenessBounds.isEmpty() || stalenessBounds.stream().anyMatch(eta -> eta < 0)
                    || stalenessBounds.stream().distinct().count() < stalenessBounds.size()) {
                throw new IllegalArgumentException("--max-staleness must list distinct bounds >= 0, got "
                        + stalenessBounds);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
            }
        }
    }
}
