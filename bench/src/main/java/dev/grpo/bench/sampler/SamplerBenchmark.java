package dev.grpo.bench.sampler;

import dev.grpo.policy.ComputeDevice;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.Decoding;
import dev.grpo.policy.Generation;
import dev.grpo.policy.GenerationRequest;
import dev.grpo.policy.Sampler;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.policy.ArithmeticProblem;
import dev.grpo.policy.ArithmeticTask;
import dev.grpo.policy.Split;
import dev.grpo.policy.CharTokenizer;
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
 *   <li>{@code speed}: batch 16, 256 new tokens, KV cache vs cache-free recomputation, median of several runs each
 *       after one untimed run of the same shape;
 *       prints tokens/s and the speed-up.</li>
 *   <li>{@code memory}: 10,000 short sampling calls in a loop; prints the process RSS (VmRSS) before, during and
 *       after, so native-memory growth shows.</li>
 * </ul>
 * {@code grpo bench sampler} is its entry point.
 */
public final class SamplerBenchmark {

    private final PrintStream out;
    private final CharTokenizer tokenizer = new CharTokenizer();
    private final Config settings;

    private SamplerBenchmark(Config settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Which measurements to take. */
    public enum Mode {
        /** KV cache against cache-free recomputation. */
        SPEED,
        /** Native memory over many short calls. */
        MEMORY,
        /** Both. */
        ALL;

        boolean includes(Mode one) {
            return this == ALL || this == one;
        }
    }

    /**
     * What to run.
     *
     * @param mode which measurements
     * @param runs timed runs per variant in the speed check; the median is reported
     * @param batch sequences per batch in the speed check
     * @param tokens new tokens per sequence in the speed check
     * @param calls sampling calls in the memory check
     */
    public record Config(Mode mode, int runs, int batch, int tokens, int calls) {

        /** Default timed runs per variant. */
        public static final int DEFAULT_RUNS = 3;
        /** Default sequences per batch. */
        public static final int DEFAULT_BATCH = 16;
        /** Default new tokens per sequence. */
        public static final int DEFAULT_TOKENS = 256;
        /** Default sampling calls in the memory check. */
        public static final int DEFAULT_CALLS = 10_000;

        /** Rejects counts below one: each is a number of things to run. */
        public Config {
            if (mode == null || runs < 1 || batch < 1 || tokens < 1 || calls < 10) {
                throw new IllegalArgumentException("sampler benchmark settings out of range (runs, batch and tokens "
                        + "must be >= 1, calls >= 10): " + this);
            }
        }

        /** Both measurements, 3 runs of batch 16 with 256 new tokens, 10,000 calls. */
        public static Config defaults() {
            return new Config(Mode.ALL, DEFAULT_RUNS, DEFAULT_BATCH, DEFAULT_TOKENS, DEFAULT_CALLS);
        }
    }

    /**
     * Runs the measurements {@code settings} names, printing to {@code out}.
     *
     * @throws IOException when /proc/self/status cannot be read in memory mode
     */
    public static void run(Config settings, PrintStream out) throws IOException {
        SamplerBenchmark benchmark = new SamplerBenchmark(settings, out);
        ModelConfig demo = ModelPreset.DEMO.config(benchmark.tokenizer.vocabularySize());
        ModelConfig config = demo.withMaxLength(Math.max(demo.maxLength(), settings.tokens() + 16));
        try (PolicyModel model = PolicyModel.create(config, 1, ComputeDevice.preferred())) {
            out.printf("model: demo preset (max length %d), %,d parameters, device %s, %d CPU cores%n",
                    config.maxLength(), model.parameterCount(), model.device(),
                    Runtime.getRuntime().availableProcessors());
            if (settings.mode().includes(Mode.SPEED)) {
                benchmark.speed(model);
            }
            if (settings.mode().includes(Mode.MEMORY)) {
                benchmark.memory(model);
            }
        }
    }

    private void speed(PolicyModel model) {
        int runs = settings.runs();
        out.printf("speed: batch %d, %d new tokens (end-of-sequence ignored), temperature 1, top-p 1, median of %d runs "
                + "after one untimed run%n",
                settings.batch(), settings.tokens(), runs);
        SamplingConfig sampling = new SamplingConfig(1f, 1f, settings.tokens(), false);
        List<GenerationRequest> requests = prompts(settings.batch(), 0);
        double cached = medianTokensPerSecond(sampler(model, Decoding.KV_CACHE), requests, sampling, "kv-cache");
        double recomputed = medianTokensPerSecond(sampler(model, Decoding.FULL_RECOMPUTE), requests, sampling,
                "cache-free");
        out.printf("speed-up (kv-cache / cache-free): %.1fx%n", cached / recomputed);
    }

    private Sampler sampler(PolicyModel model, Decoding decoding) {
        return new Sampler(model, tokenizer.endIds(), tokenizer.padId(), decoding);
    }

    private double medianTokensPerSecond(Sampler sampler, List<GenerationRequest> requests, SamplingConfig sampling,
                                         String label) {
        // warm up at the timed shape: a smaller warm-up leaves the first timed run paying for the larger buffers
        sampler.generate(requests, sampling);
        int runs = settings.runs();
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            List<Generation> generations = sampler.generate(requests, sampling);
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
        SamplingConfig sampling = new SamplingConfig(1f, 0.95f, 8);
        int calls = settings.calls();
        out.printf("memory: %,d calls, batch 4, up to 8 new tokens each%n", calls);
        for (int call = 0; call < 100; call++) {
            sampler.generate(prompts(4, call), sampling);
        }
        long before = residentKilobytes();
        out.printf("  RSS after 100 warm-up calls: %,d kB%n", before);
        long start = System.nanoTime();
        for (int call = 1; call <= calls; call++) {
            sampler.generate(prompts(4, call), sampling);
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
