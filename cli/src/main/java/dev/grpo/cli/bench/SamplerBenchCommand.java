package dev.grpo.cli.bench;

import dev.grpo.policy.bench.SamplerBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.grpo.cli.options.BatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grpo bench sampler}: KV-cache versus cache-free generation speed, and native memory over many calls. */
@Command(
        name = "sampler",
        headerHeading = "%n",
        header = "Sampler speed (KV cache vs cache-free) and native memory over repeated sampling calls.",
        descriptionHeading = "%n",
        description = {"On the demo-size model: tokens/s with and without the KV cache and their ratio (speed), "
                + "and the process RSS before and after many short sampling calls (memory)."})
final class SamplerBenchCommand implements Callable<Integer> {

    /** The sampler benchmark's own batch size, shown by --help. */
    private static final int SAMPLER_BATCH = 16;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODE", defaultValue = "all",
            description = "speed, memory or all. Default: ${DEFAULT-VALUE}.")
    private String mode;

    @Option(names = "--runs", paramLabel = "N", description = "Timed runs per variant; the median is reported.")
    private Integer runs;

    @Mixin
    private BatchOptions batch = new BatchOptions(SAMPLER_BATCH);

    @Option(names = "--tokens", paramLabel = "T", description = "New tokens per sequence.")
    private Integer tokens;

    @Option(names = "--calls", paramLabel = "N", description = "Sampling calls in the memory check.")
    private Integer calls;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of(mode));
        add(args, "--runs", runs);
        add(args, "--batch", batch.size());
        add(args, "--tokens", tokens);
        add(args, "--calls", calls);
        SamplerBenchmark.main(args.toArray(String[]::new));
        return 0;
    }

    private static void add(List<String> args, String name, Integer value) {
        if (value != null) {
            args.add(name);
            args.add(value.toString());
        }
    }
}
