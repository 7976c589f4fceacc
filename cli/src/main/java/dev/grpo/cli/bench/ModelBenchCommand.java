package dev.grpo.cli.bench;

import ai.djl.Device;
import dev.grpo.bench.model.BenchModel;
import dev.grpo.bench.model.ModelBenchmark;
import dev.grpo.cli.options.BatchOptions;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.policy.PolicyModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo bench model}: sampler tokens/s and learner step time of models side by side, in one run. */
@Command(
        name = "model",
        headerHeading = "%n",
        header = "Sampler tokens/s and learner step time of one or more models at one batch shape.",
        descriptionHeading = "%n",
        description = {"For each model: a batch of B sequences sampled with the KV cache to exactly N new tokens "
                + "(T 1, no early stop), and one learner step on such a batch (GRPO loss with the learner's "
                + "defaults, the reference forward pass when --kl-coef is above 0, backward, AdamW), each after an "
                + "untimed warm-up; "
                + "the median of --runs is reported. Models run one after the other in this process, so their "
                + "numbers compare."})
final class ModelBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", split = ",", defaultValue = "demo,qwen2-0.5b", paramLabel = "DIR|SHAPE",
            description = "Model directories or shapes with random weights (" + BenchModel.SHAPES + "), comma "
                    + "separated (default: ${DEFAULT-VALUE}).")
    private List<String> models;

    @Mixin
    private BatchOptions batch = new BatchOptions(8);

    @Option(names = "--max-new-tokens", defaultValue = "128", paramLabel = "N",
            description = "New tokens per sequence (default: ${DEFAULT-VALUE}).")
    private int newTokens;

    @Option(names = "--prompt-tokens", defaultValue = "32", paramLabel = "N",
            description = "Prompt length (default: ${DEFAULT-VALUE}).")
    private int promptTokens;

    @Option(names = "--runs", defaultValue = "2", paramLabel = "N",
            description = "Timed runs of each measurement (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--kl-coef", defaultValue = "0.001", paramLabel = "BETA",
            description = "KL coefficient of the loss, as grpo learn's --kl-coef; above 0 the step includes the frozen "
                    + "reference model's forward pass and holds its weights (default: ${DEFAULT-VALUE}).")
    private double klCoefficient;

    @Mixin
    private DeviceOptions device;

    @Override
    public Integer call() {
        if (batch.size() < 1 || newTokens < 1 || promptTokens < 1 || runs < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--batch-size, --max-new-tokens, --prompt-tokens and --runs must all be >= 1");
        }
        if (!(klCoefficient >= 0)) {
            throw new ParameterException(spec.commandLine(), "--kl-coef must be >= 0, got " + klCoefficient);
        }
        List<BenchModel> parsed;
        try {
            parsed = models.stream().map(BenchModel::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Device on = device.device();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "batch %d x (%d prompt + %d new tokens) on %s (%d CPU cores, PyTorch threads: %s), "
                + "median of %d%n", batch.size(), promptTokens, newTokens, on, Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "PyTorch's default"), runs);
        out.printf(Locale.ROOT, "%-36s %14s %14s %14s %12s%n", "model", "parameters", "sampler tok/s",
                "learner step s", "peak RSS");
        out.flush();
        ModelBenchmark benchmark = new ModelBenchmark(batch.size(), promptTokens, newTokens, runs, klCoefficient);
        for (BenchModel model : parsed) {
            try (PolicyModel policy = model.load(on);
                 PolicyModel reference = klCoefficient > 0 ? model.load(on) : null) {
                ModelBenchmark.Result result = benchmark.measure(policy, reference);
                out.printf(Locale.ROOT, "%-36s %,14d %14.1f %14.2f %12s   (sampling runs %s s; steps %s s)%n",
                        model.label(), result.parameters(), result.tokensPerSecond(), result.stepSecondsMedian(),
                        peakResidentMemory(), seconds(result.samplingSeconds()), seconds(result.stepSeconds()));
                out.flush();
            }
        }
        return 0;
    }

    /** The process's high-water mark so far (Linux {@code VmHWM}): the models run in order, so it is cumulative. */
    private static String peakResidentMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / (1024.0 * 1024.0)))
                    .findFirst().orElse("n/a");
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String seconds(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(", "));
    }
}
