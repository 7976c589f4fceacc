package dev.grpo.cli.bench;

import dev.grpo.bench.async.AsyncBenchmark;
import dev.grpo.bench.async.AsyncBenchmark.Config;
import dev.grpo.bench.async.AsyncComparison;
import dev.grpo.bench.async.PartialRollouts;
import dev.grpo.cli.broker.EmbeddedBrokerJars;
import dev.grpo.cli.options.EvalOptions;
import dev.grpo.cli.options.ModelOptions;
import dev.grpo.workflow.demo.CoreSplit;
import dev.grpo.workflow.demo.DemoConfig;
import dev.grpo.workflow.demo.DemoLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo bench async}: the demo at several staleness bounds, with and without partial rollouts, back to back, and
 * the speed-up asynchrony buys.
 */
@Command(
        name = "async",
        headerHeading = "%n",
        header = "The demo at eta = 0 and eta = 2 (optionally with partial rollouts) back to back: training time, "
                + "accuracy and each stage's idle time.",
        descriptionHeading = "%n",
        description = {"Runs grpo demo once per --max-staleness bound (twice with --partial-rollouts both) with the "
                + "same model, seed, steps and core split, each into OUT/eta-N (OUT/eta-N-partial with partial "
                + "rollouts) on its own embedded broker, and prints each run's training time (the learner's start to "
                + "its last step), total time, held-out pass@1 before and after, rollouts spanning versions (sampled "
                + "partly by one policy version, partly by a newer one), each stage's busy share and idle time, and "
                + "every variant's speed-up over the first bound without partial rollouts. The full size takes about "
                + "ten minutes per run on two idle cores; --steps and --eval-prompts shorten it. The stages' logs go "
                + "to OUT/bench.log.",
            "",
            "eta 0 against eta 2 with and without partial rollouts, in one go:",
            "  grpo bench async --max-staleness 0,2 --partial-rollouts both",
            ""})
final class AsyncBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/bench-async", paramLabel = "DIR",
            description = "Folder of the runs' folders; they must not hold runs yet (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Mixin
    private ModelOptions model = new ModelOptions(Path.of("models/arithmetic-base"));

    @Option(names = "--max-staleness", defaultValue = Config.DEFAULT_BOUNDS, split = ",", paramLabel = "ETA[,ETA...]",
            description = "Staleness bounds to run, the first the baseline (without partial rollouts, unless "
                    + "--partial-rollouts on) (default: ${DEFAULT-VALUE}).")
    private List<Integer> bounds;

    @Option(names = "--partial-rollouts", defaultValue = "off", paramLabel = "off|on|both",
            description = "Whether the runs' generators take a new policy version between decode steps of the groups "
                    + "they sample (in-flight weight updates): off, on (every run), or both (every bound above 0 "
                    + "runs without and with; eta 0 runs once, without: the learner waits for every group admitted "
                    + "for its version before it publishes the next, so no version can arrive mid-group) (default: "
                    + "${DEFAULT-VALUE}).")
    private String partialRollouts;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N",
            description = "Runs per variant (bound, with or without partial rollouts), alternating their order; the "
                    + "speed-up compares medians (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--steps", defaultValue = "120", paramLabel = "N",
            description = "Learner steps per run (default: ${DEFAULT-VALUE}, the demo's).")
    private int steps;

    @Mixin
    private EvalOptions eval = new EvalOptions(200, 4);

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seeds every run (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--learner-threads", paramLabel = "N",
            description = "PyTorch threads of the learner in every run; 0: every core (default: the demo's for each "
                    + "bound: every core at eta 0, where the stages take turns; 1 otherwise).")
    private Integer learnerThreads;

    @Option(names = "--generator-threads", paramLabel = "N",
            description = "PyTorch threads of each sampling thread in every run; 0: every core (default: as "
                    + "--learner-threads).")
    private Integer generatorThreads;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the runs and speed-ups to this JSON file.")
    private Path json;

    @Override
    public Integer call() throws InterruptedException, IOException {
        Config settings = settings();
        if (EmbeddedBrokerJars.absent(spec)) {
            return EmbeddedBrokerJars.EXIT_CODE;
        }
        Files.createDirectories(out);
        DemoLog.redirectTo(out.resolve("bench.log"));
        AsyncComparison comparison = AsyncBenchmark.run(settings, spec.commandLine().getErr());
        spec.commandLine().getOut().print(comparison.table());
        spec.commandLine().getOut().flush();
        if (json != null) {
            comparison.write(json);
        }
        return 0;
    }

    private Config settings() {
        Path base = model.required();
        if (!Files.isDirectory(base)) {
            throw new ParameterException(spec.commandLine(), "no base checkpoint at " + base
                    + "; run from the repository root or create one with 'grpo pretrain --out " + base + "'");
        }
        try {
            Config settings = new Config(base, out, bounds, PartialRollouts.fromLabel(partialRollouts), rounds, steps,
                    eval.prompts(), eval.k(), seed, optional(learnerThreads), optional(generatorThreads));
            DemoConfig.builder(out, base).steps(steps).evaluation(eval.prompts(), eval.k()).build();
            new CoreSplit(Objects.requireNonNullElse(learnerThreads, 0), Objects.requireNonNullElse(generatorThreads, 0));
            AsyncBenchmark.requireFreshFolders(settings);
            return settings;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
