package dev.grpo.policy.bench;

import dev.grpo.policy.model.ComputeDevice;
import dev.grpo.policy.model.ModelConfig;
import dev.grpo.policy.model.ModelPreset;
import dev.grpo.policy.model.PolicyModel;
import dev.grpo.policy.sampling.Decoding;
import dev.grpo.policy.sampling.Generation;
import dev.grpo.policy.sampling.GenerationRequest;
import dev.grpo.policy.sampling.Sampler;
import dev.grpo.policy.sampling.SamplingSettings;
import dev.grpo.policy.task.ArithmeticProblem;
import dev.grpo.policy.task.ArithmeticTask;
import dev.grpo.policy.task.Split;
import dev.grpo.policy.tokenizer.CharTokenizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the sampler on the demo-size model (random weights, the built-in tokenizer's vocabulary; the context is
 * widened when needed so every sequence really gets the requested number of new tokens).
 *
 * <ul>
 *   <li>{@code speed}: batch 16, 256 new tokens, KV cache vs cache-free recomputation, median of several runs each;
 *       prints tokens/s and the speed-up.</li>
 *   <li>{@code memory}: 10,000 short sampling calls in a loop; prints the process RSS (VmRSS) before, during and
 *       after, so native-memory growth shows.</li>
 * </ul>
 * Usage: {@code SamplerBenchmark [speed|memory|all] [--runs N] [--batch B] [--tokens T] [--calls N]}.
 */
public final class SamplerBenchmark {

    private final PrintStream out;
    private final CharTokenizer tokenizer = new CharTokenizer();
    private int runs = 3;
    private int batch = 16;
    private int tokens = 256;
    private int calls = 10_000;

    private SamplerBenchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * @param args the mode and options, see the class comment
     * @throws IOException when /proc/self/status cannot be read in memory mode
     */
    public static void main(String[] args) throws IOException {
        SamplerBenchmark benchmark = new SamplerBenchmark(System.out);
        String mode = benchmark.parse(args);
        ModelConfig demo = ModelPreset.DEMO.config(benchmark.tokenizer.vocabularySize());
        ModelConfig config = demo.withMaxLength(Math.max(demo.maxLength(), benchmark.tokens + 16));
        try (PolicyModel model = PolicyModel.create(config, 1, ComputeDevice.preferred())) {
            benchmark.out.printf("model: demo preset (max length %d), %,d parameters, device %s, %d CPU cores%n",
                    config.maxLength(), model.parameterCount(), model.device(),
                    Runtime.getRuntime().availableProcessors());
            if (mode.equals("speed") || mode.equals("all")) {
                benchmark.speed(model);
            }
            if (mode.equals("memory") || mode.equals("all")) {
                benchmark.memory(model);
            }
        }
    }

    private String parse(String[] args) {
        String mode = "all";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--tokens" -> tokens = Integer.parseInt(args[++i]);
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "speed", "memory", "all" -> mode = args[i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [speed|memory|all] [--runs N] [--batch B] [--tokens T] [--calls N]");
            }
        }
        return mode;
    }

    private void speed(PolicyModel model) {
        out.printf("speed: batch %d, %d new tokens (end-of-sequence ignored), temperature 1, top-p 1, median of %d runs%n",
                batch, tokens, runs);
        SamplingSettings settings = new SamplingSettings(1f, 1f, tokens, false);
        List<GenerationRequest> requests = prompts(batch, 0);
        double cached = medianTokensPerSecond(sampler(model, Decoding.KV_CACHE), requests, settings, "kv-cache");
        double recomputed = medianTokensPerSecond(sampler(model, Decoding.FULL_RECOMPUTE), requests, settings,
                "cache-free");
        out.printf("speed-up (kv-cache / cache-free): %.1fx%n", cached / recomputed);
    }

    private Sampler sampler(PolicyModel model, Decoding decoding) {
        return new Sampler(model, tokenizer.endIds(), tokenizer.padId(), decoding);
    }

    private double medianTokensPerSecond(Sampler sampler, List<GenerationRequest> requests, SamplingSettings settings,
                                         String label) {
        sampler.generate(requests.subList(0, 1), new SamplingSettings(1f, 1f, 8));
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            List<Generation> generations = sampler.generate(requests, settings);
            double seconds = (System.nanoTime() - start) / 1e9;
            long generated = generations.stream().mapToLong(g -> g.tokenIds().length).sum();
            int longest = generations.stream().mapToInt(g -> g.tokenIds().length).max().orElse(0);
            rates[run] = generated / seconds;
            out.printf("  %-10s run %d: %5d tokens (%d steps) in %6.2f s = %8.1f tokens/s%n", label, run + 1,
                    generated, longest, seconds, rates[run]);
        }
        Arrays.sort(rates);
        double median = rates[runs / 2];
        out.printf("  %-10s median: %.1f tokens/s%n", label, median);
        return median;
    }

    private void memory(PolicyModel model) throws IOException {
        Sampler sampler = sampler(model, Decoding.KV_CACHE);
        SamplingSettings settings = new SamplingSettings(1f, 0.95f, 8);
        out.printf("memory: %,d calls, batch 4, up to 8 new tokens each%n", calls);
        for (int call = 0; call < 100; call++) {
            sampler.generate(prompts(4, call), settings);
        }
        long before = residentKilobytes();
        out.printf("  RSS after 100 warm-up calls: %,d kB%n", before);
        long start = System.nanoTime();
        for (int call = 1; call <= calls; call++) {
            sampler.generate(prompts(4, call), settings);
            if (call % (calls / 10) == 0) {
                out.printf("  RSS after %,6d calls: %,d kB (%.0f s)%n", call, residentKilobytes(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        long after = residentKilobytes();
        out.printf("  RSS before %,d kB, after %,d kB, growth %+,d kB; NDArrays held by the model's manager: %d%n",
                before, after, after - before, model.manager().getManagedArrays().size());
    }

    private List<GenerationRequest> prompts(int count, long seed) {
        List<ArithmeticProblem> problems = new ArithmeticTask().problems(Split.TRAIN, count, seed);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(new GenerationRequest(tokenizer.encode(problems.get(i).prompt()), seed * 1000 + i));
        }
        return requests;
    }

    private static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }
}
