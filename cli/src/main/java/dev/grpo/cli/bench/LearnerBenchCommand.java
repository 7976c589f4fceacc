package dev.grpo.cli.bench;

import dev.grpo.bench.learner.LearnerBenchmark;
import dev.grpo.bench.learner.LearnerBenchmark.Config;
import dev.grpo.bench.learner.LearnerRun;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.cli.options.ModelOptions;
import dev.grpo.cli.options.TorchThreadOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo bench learner}: the learner's optimiser step timed on a model and a seeded batch. */
@Command(
        name = "learner",
        headerHeading = "%n",
        header = "Learner step time (GRPO loss, backward, AdamW) on a model and a seeded synthetic batch.",
        descriptionHeading = "%n",
        description = {"Times the learner's own step (StepTrainer: policy and reference forward passes, the GRPO loss "
                + "against behaviour log-probs, backward, AdamW) on --groups-per-step x --group-size sequences with "
                + "prompts up to --prompt-tokens and completions up to --max-new-tokens tokens, lengths spread by "
                + "--seed. Prints every step's time, the first step's, and the median and p90 of the timed steps. "
                + "--dump-batch writes the batch for bench/pytorch_reference.py, which times the same step in "
                + "PyTorch eager (bench/compare-learner.sh runs both)."})
final class LearnerBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelOptions model = new ModelOptions(Path.of(Config.DEFAULT_MODEL));

    @Option(names = "--groups-per-step", defaultValue = "" + Config.DEFAULT_GROUPS, paramLabel = "B",
            description = "Groups per step (default: ${DEFAULT-VALUE}).")
    private int groups;

    @Option(names = "--group-size", defaultValue = "" + Config.DEFAULT_GROUP_SIZE, paramLabel = "G",
            description = "Completions per prompt (default: ${DEFAULT-VALUE}).")
    private int groupSize;

    @Option(names = "--prompt-tokens", defaultValue = "" + Config.DEFAULT_PROMPT_TOKENS, paramLabel = "N",
            description = "The longest prompt; the others are 3/4 of it or longer (default: ${DEFAULT-VALUE}).")
    private int promptTokens;

    @Option(names = "--max-new-tokens", defaultValue = "" + Config.DEFAULT_COMPLETION_TOKENS, paramLabel = "N",
            description = "The longest completion; the others are 1/4 of it or longer (default: ${DEFAULT-VALUE}).")
    private int completionTokens;

    @Option(names = "--warmup-rounds", defaultValue = "" + Config.DEFAULT_WARMUP, paramLabel = "W",
            description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--steps", defaultValue = "" + Config.DEFAULT_STEPS, paramLabel = "N",
            description = "Timed steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Mixin
    private TorchThreadOptions threads = new TorchThreadOptions(Config.DEFAULT_THREADS);

    @Option(names = "--kl-coef", defaultValue = "" + Config.DEFAULT_KL_COEFFICIENT, paramLabel = "BETA",
            description = "KL coefficient, as grpo learn's; above 0 the step includes the reference model's forward "
                    + "pass, 0 is the demo's step (default: ${DEFAULT-VALUE}).")
    private double klCoefficient;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seeds the batch (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the numbers to this JSON file.")
    private Path json;

    @Option(names = "--dump-batch", paramLabel = "FILE",
            description = "Write the batch, its log-probs and the first step's loss for bench/pytorch_reference.py.")
    private Path dumpBatch;

    @Mixin
    private DeviceOptions device;

    @Override
    public Integer call() {
        LearnerRun run = LearnerBenchmark.run(settings(), device.device(), System.out);
        if (json != null) {
            run.writeSummary(json);
        }
        if (dumpBatch != null) {
            run.writeBatch(dumpBatch);
        }
        return 0;
    }

    private Config settings() {
        try {
            return new Config(model.required(), groups, groupSize, promptTokens, completionTokens, warmup, steps,
                    threads.count(), klCoefficient, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
