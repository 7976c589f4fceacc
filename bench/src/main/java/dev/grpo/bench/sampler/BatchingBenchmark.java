package dev.grpo.bench.sampler;

import ai.djl.Device;
import dev.grpo.policy.ArithmeticProblem;
import dev.grpo.policy.ArithmeticTask;
import dev.grpo.policy.ContinuousSampler;
import dev.grpo.policy.Generation;
import dev.grpo.policy.GenerationRequest;
import dev.grpo.policy.ModelDirectory;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.Sampler;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.policy.Split;
import dev.grpo.policy.Tokenizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Static against continuous batching on a trained checkpoint, whose completions stop at their own lengths (the
 * realistic case: the demo's base model on held-out arithmetic prompts). The same requests and seeds go through
 * {@link Sampler} in consecutive batches of {@code slots} (each batch waits for its longest member) and through
 * {@link ContinuousSampler} with {@code slots} running sequences, alternately, after one untimed round of each;
 * it prints tokens/s per run, the medians, their ratio, and whether both gave every request the same tokens.
 */
public final class BatchingBenchmark {

    private final Config settings;
    private final PrintStream out;

    private BatchingBenchmark(Config settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * What to run.
     *
     * @param model the checkpoint directory
     * @param prompts held-out arithmetic prompts
     * @param k completions per prompt
     * @param slots sequences per static batch, and running sequences of the continuous sampler
     * @param maxNewTokens token budget per completion
     * @param runs timed runs per variant; the median is reported
     */
    public record Config(Path model, int prompts, int k, int slots, int maxNewTokens, int runs) {

        /** Default prompt count. */
        public static final int DEFAULT_PROMPTS = 32;
        /** Default completions per prompt. */
        public static final int DEFAULT_K = 4;

        /** Rejects counts below one. */
        public Config {
            if (model == null || prompts < 1 || k < 1 || slots < 1 || maxNewTokens < 1 || runs < 1) {
                throw new IllegalArgumentException("batching benchmark settings out of range (prompts, k, slots, "
                        + "tokens and runs must be >= 1): " + this);
            }
        }
    }

    /** Runs the comparison {@code settings} names, printing to {@code out}. */
    public static void run(Config settings, PrintStream out) {
        new BatchingBenchmark(settings, out).compare();
    }

    private void compare() {
        try (ModelDirectory directory = ModelDirectory.open(settings.model());
             PolicyModel model = directory.load(Device.cpu())) {
            Tokenizer tokenizer = directory.tokenizer();
            List<GenerationRequest> requests = requests(prompt -> tokenizer.encode(
                    directory.promptFormat().render(prompt)));
            SamplingConfig sampling = new SamplingConfig(1f, 1f, settings.maxNewTokens());
            Sampler staticSampler = new Sampler(model, tokenizer.endIds(), tokenizer.padId());
            ContinuousSampler continuous = new ContinuousSampler(model, tokenizer.endIds(), tokenizer.padId(),
                    settings.slots());
            out.printf("batching: %s, %d held-out prompts x %d = %d requests, %d slots, up to %d new tokens, "
                            + "temperature 1, top-p 1, %d CPU cores%n", settings.model(), settings.prompts(),
                    settings.k(), requests.size(), settings.slots(), settings.maxNewTokens(),
                    Runtime.getRuntime().availableProcessors());
            List<Generation> reference = inStaticBatches(staticSampler, requests, sampling);
            List<Generation> continued = continuous.generate(requests, sampling);
            describe(reference, continued);
            double[] staticRates = new double[settings.runs()];
            double[] continuousRates = new double[settings.runs()];
            for (int run = 0; run < settings.runs(); run++) {
                staticRates[run] = timed("static", run, () -> inStaticBatches(staticSampler, requests, sampling));
                continuousRates[run] = timed("continuous", run, () -> continuous.generate(requests, sampling));
            }
            double staticMedian = median(staticRates);
            double continuousMedian = median(continuousRates);
            out.printf("  median: static %.1f tokens/s, continuous %.1f tokens/s, speed-up %.2fx%n", staticMedian,
                    continuousMedian, continuousMedian / staticMedian);
        }
    }

    private List<GenerationRequest> requests(Function<String, int[]> encoder) {
        List<ArithmeticProblem> problems = new ArithmeticTask().problems(Split.HELD_OUT, settings.prompts(),
                20_260_101L);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int p = 0; p < problems.size(); p++) {
            int[] ids = encoder.apply(problems.get(p).prompt());
            for (int i = 0; i < settings.k(); i++) {
                requests.add(new GenerationRequest(ids, 1_009L * p + i));
            }
        }
        return requests;
    }

    private List<Generation> inStaticBatches(Sampler sampler, List<GenerationRequest> requests,
                                             SamplingConfig sampling) {
        List<Generation> generations = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += settings.slots()) {
            generations.addAll(sampler.generate(
                    requests.subList(from, Math.min(requests.size(), from + settings.slots())), sampling));
        }
        return generations;
    }

    private void describe(List<Generation> staticGenerations, List<Generation> continuousGenerations) {
        IntSummaryStatistics lengths = staticGenerations.stream().mapToInt(g -> g.tokenIds().length)
                .summaryStatistics();
        long same = 0;
        for (int i = 0; i < staticGenerations.size(); i++) {
            same += Arrays.equals(staticGenerations.get(i).tokenIds(), continuousGenerations.get(i).tokenIds())
                    ? 1 : 0;
        }
        out.printf("  completion lengths: min %d, mean %.1f, max %d tokens; identical tokens static vs continuous: "
                + "%d of %d (untimed warm-up round)%n", lengths.getMin(), lengths.getAverage(), lengths.getMax(),
                same, staticGenerations.size());
    }

    private double timed(String label, int run, Supplier<List<Generation>> sampling) {
        long start = System.nanoTime();
        List<Generation> generations = sampling.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        long tokens = generations.stream().mapToLong(g -> g.tokenIds().length).sum();
        out.printf("  %-10s run %d: %6d tokens in %6.2f s = %8.1f tokens/s%n", label, run + 1, tokens, seconds,
                tokens / seconds);
        return tokens / seconds;
    }

    private static double median(double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
