package dev.grpo.cli.bench;

import dev.grpo.bench.sampler.BatchingBenchmark;
import dev.grpo.bench.sampler.SamplerBenchmark;
import dev.grpo.bench.sampler.SamplerBenchmark.Mode;
import dev.grpo.bench.sampler.SamplerBenchmark.Config;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.grpo.cli.options.BatchOptions;
import dev.grpo.cli.options.EvalOptions;
import dev.grpo.cli.options.ModelOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code grpo bench sampler}: KV-cache versus cache-free generation speed, native memory over many calls, and
 * (mode {@code batching}) static against continuous batching on a trained model.
 */
@Command(
        name = "sampler",
        headerHeading = "%n",
        header = "Sampler speed (KV cache vs cache-free) and native memory over repeated sampling calls.",
        descriptionHeading = "%n",
        description = {"On the demo-size model: tokens/s with and without the KV cache and their ratio (speed), "
                + "and the process RSS before and after many short sampling calls (memory). "
                + "batching: static against continuous batching on --model's completions of --eval-prompts held-out "
                + "arithmetic prompts x --eval-k, --batch-size sequences at a time, measured alternately (not part of all)."})
final class SamplerBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODE", defaultValue = "all",
            description = "speed, memory, all or batching. Default: ${DEFAULT-VALUE}.")
    private String mode;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "" + Config.DEFAULT_RUNS,
            description = "Timed runs per variant; the median is reported. Default: ${DEFAULT-VALUE}.")
    private int runs;

    @Mixin
    private BatchOptions batch = new BatchOptions(Config.DEFAULT_BATCH);

    @Option(names = "--tokens", paramLabel = "T", defaultValue = "" + Config.DEFAULT_TOKENS,
            description = "New tokens per sequence. Default: ${DEFAULT-VALUE}.")
    private int tokens;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "" + Config.DEFAULT_CALLS,
            description = "Sampling calls in the memory check. Default: ${DEFAULT-VALUE}.")
    private int calls;

    @Mixin
    private ModelOptions model = new ModelOptions(Path.of("models/arithmetic-base"));

    @Mixin
    private EvalOptions heldOut = new EvalOptions(BatchingBenchmark.Config.DEFAULT_PROMPTS,
            BatchingBenchmark.Config.DEFAULT_K);

    @Override
    public Integer call() throws Exception {
        if ("batching".equals(mode.toLowerCase(Locale.ROOT))) {
            BatchingBenchmark.run(batchingSettings(), System.out);
        } else {
            SamplerBenchmark.run(settings(), System.out);
        }
        return 0;
    }

    private BatchingBenchmark.Config batchingSettings() {
        try {
            return new BatchingBenchmark.Config(model.required(), heldOut.prompts(), heldOut.k(), batch.size(),
                    tokens, runs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Config settings() {
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "MODE must be speed, memory, all or batching, got '" + mode + "'");
        }
        try {
            return new Config(parsed, runs, batch.size(), tokens, calls);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
