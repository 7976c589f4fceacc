package dev.grpo.bench.async;

import dev.grpo.workflow.demo.DemoConfig;
import dev.grpo.workflow.demo.DemoReport;
import dev.grpo.workflow.demo.DemoRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Runs the demo once per variant (staleness bound η, with or without partial rollouts), back to back in this JVM with
 * the same seed, steps, model and core split, each into its own folder ({@code OUT/eta-N} or {@code OUT/eta-N-partial},
 * under {@code OUT/round-R} over several rounds), and compares their training times. Odd rounds run the variants in
 * reverse order, so no variant always runs first (when the JVM is coldest) or last.
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
        plan(settings).forEach(run -> requireEmpty(folder(settings, run)));
    }

    /**
     * The runs in the order they run: every variant once per round, odd rounds in reverse order.
     *
     * @return each run's round and variant
     */
    static List<Planned> plan(Config settings) {
        List<Planned> plan = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            List<AsyncVariant> order = new ArrayList<>(settings.variants());
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (AsyncVariant variant : order) {
                plan.add(new Planned(round, variant));
            }
        }
        return plan;
    }

    /** One run of the plan. */
    record Planned(int round, AsyncVariant variant) {
    }

    private AsyncComparison compare() throws InterruptedException {
        requireFreshFolders(settings);
        List<AsyncRun> runs = new ArrayList<>();
        for (Planned run : plan(settings)) {
            runs.add(runOnce(run));
        }
        return new AsyncComparison(settings.variants().get(0), runs);
    }

    private AsyncRun runOnce(Planned run) throws InterruptedException {
        AsyncVariant variant = run.variant();
        DemoConfig config = demoConfig(settings, run);
        progress.println("== " + variant.label() + (settings.rounds() > 1 ? ", round " + run.round() : "") + " into "
                + config.out() + ", PyTorch threads: learner " + threads(config.cores().learnerThreads())
                + ", sampling " + threads(config.cores().generatorThreads()));
        progress.flush();
        DemoReport report = new DemoRun(config, progress).run()
                .orElseThrow(() -> new IllegalStateException("the demo at " + variant.label() + " was stopped"));
        return AsyncRun.of(variant, run.round(), config.cores(), report);
    }

    /** @return the demo one run of the plan is: the settings' with the run's variant, in the run's folder */
    static DemoConfig demoConfig(Config settings, Planned run) {
        DemoConfig.Builder demo = DemoConfig.builder(folder(settings, run), settings.baseCheckpoint())
                .steps(settings.steps()).maxStaleness(run.variant().maxStaleness())
                .partialRollouts(run.variant().partialRollouts())
                .evaluation(settings.evalPrompts(), settings.evalK()).seed(settings.seed());
        settings.learnerThreads().ifPresent(demo::learnerThreads);
        settings.generatorThreads().ifPresent(demo::generatorThreads);
        return demo.build();
    }

    private static String threads(int count) {
        return count == 0 ? "every core" : Integer.toString(count);
    }

    private static Path folder(Config settings, Planned run) {
        Path parent = settings.rounds() > 1 ? settings.out().resolve("round-" + run.round()) : settings.out();
        return parent.resolve(run.variant().folderName());
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
     * @param partialRollouts which runs take partial rollouts (in-flight weight updates)
     * @param rounds how many times to run every variant
     * @param steps learner steps per run
     * @param evalPrompts held-out prompts evaluated before and after each run
     * @param evalK samples per held-out prompt
     * @param seed seeds every run alike
     * @param learnerThreads PyTorch threads of the learner (0: every core); empty: the demo's for each bound
     * @param generatorThreads PyTorch threads of each sampling thread (0: every core); empty: the demo's
     */
    public record Config(Path baseCheckpoint, Path out, List<Integer> stalenessBounds, PartialRollouts partialRollouts,
                         int rounds, int steps, int evalPrompts, int evalK, long seed, OptionalInt learnerThreads,
                         OptionalInt generatorThreads) {

        /** The bounds compared unless told: synchronous against the demo's. */
        public static final String DEFAULT_BOUNDS = "0,2";

        /** Rejects an empty or negative list of bounds and a round count below 1, naming the value. */
        public Config {
            Objects.requireNonNull(baseCheckpoint, "base checkpoint");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(partialRollouts, "partial rollouts");
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

        /** @return what each round runs, in order: the bounds, each with and without partial rollouts as asked */
        public List<AsyncVariant> variants() {
            return partialRollouts.variants(stalenessBounds);
        }
    }
}
