package dev.grpo.policy.internal.model;

import ai.djl.Device;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.ContinuousSampler;
import dev.grpo.policy.Decoding;
import dev.grpo.policy.Generation;
import dev.grpo.policy.GenerationRequest;
import dev.grpo.policy.HfReferenceForward;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.Sampler;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.TensorDtype;
import dev.grpo.policy.TinyHfModels.Family;
import dev.grpo.policy.TinyHfModels;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The DJL model of each Hugging Face family against {@link HfReferenceForward}, a double-precision forward pass
 * written from the transformers equations, on tiny random checkpoints.
 */
class HfCausalTransformerTest {

    private static final int VOCABULARY = 64;
    private static final int PAD = 0;
    private static final int EOS = 2;

    @TempDir
    Path root;

    @ParameterizedTest
    @CsvSource({"LLAMA, F32, 1", "LLAMA, BF16, 2", "QWEN2, F32, 2", "QWEN2, BF16, 1", "QWEN3, F32, 1",
            "QWEN3, F16, 3", "MISTRAL, F32, 1", "MISTRAL, BF16, 2"})
    void logProbsMatchTheIndependentReference(Family family, TensorDtype dtype, int shards) {
        Path directory = TinyHfModels.write(root.resolve("model"), TinyHfModels.config(family, VOCABULARY), dtype,
                shards, 7);
        HfReferenceForward reference = HfReferenceForward.read(directory);
        List<ScoringRequest> requests = List.of(new ScoringRequest(ids(5, 1), ids(30, 2)),
                new ScoringRequest(ids(1, 3), ids(12, 4)), new ScoringRequest(ids(9, 5), ids(40, 6)));

        float[][] actual;
        try (PolicyModel model = Checkpoint.read(directory).load(Device.cpu())) {
            actual = new CompletionScorer(model, PAD).logProbArrays(requests, 1f);
        }

        double spread = 0;
        for (int i = 0; i < requests.size(); i++) {
            int[] prompt = requests.get(i).promptIds();
            int[] completion = requests.get(i).completionIds();
            double[][] expected = reference.logProbs(concat(prompt, completion));
            assertThat(actual[i]).hasSameSizeAs(completion);
            for (int j = 0; j < completion.length; j++) {
                double[] row = expected[prompt.length - 1 + j];
                assertThat((double) actual[i][j]).as("%s sequence %d token %d", family, i, j)
                        .isCloseTo(row[completion[j]], within(1e-4));
                spread = Math.max(spread, max(row) - min(row));
            }
        }
        assertThat(spread).as("log-probs must differ between tokens for the comparison to mean anything")
                .isGreaterThan(3);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void keyValueCacheAndContinuousBatchingEmitExactlyTheTokensOfFullRecompute(Family family) {
        Path directory = TinyHfModels.write(root.resolve("model"), TinyHfModels.config(family, VOCABULARY),
                TensorDtype.F32, 1, 11);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(new GenerationRequest(ids(1 + 3 * i, 20 + i), 100 + i));
        }
        SamplingConfig settings = new SamplingConfig(1f, 0.95f, 24);
        try (PolicyModel model = Checkpoint.read(directory).load(Device.cpu())) {
            List<Generation> cached = new Sampler(model, EOS, PAD).generate(requests, settings);
            List<Generation> recomputed = new Sampler(model, EOS, PAD, Decoding.FULL_RECOMPUTE)
                    .generate(requests, settings);

            List<Generation> continuous = new ContinuousSampler(model, new int[] {EOS}, PAD, 2)
                    .generate(requests, settings);

            for (int i = 0; i < cached.size(); i++) {
                for (Generation sampled : List.of(cached.get(i), continuous.get(i))) {
                    assertThat(sampled.tokenIds()).as("sequence %d", i).containsExactly(recomputed.get(i).tokenIds());
                    assertThat(sampled.logProbs()).containsExactly(recomputed.get(i).logProbs(), within(1e-4f));
                }
            }
            assertThat(cached.stream().mapToInt(g -> g.tokenIds().length).sum()).isGreaterThan(6 * 4);
        }
    }

    private static int[] ids(int length, int salt) {
        SplittableRandom random = new SplittableRandom(salt);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 3 + random.nextInt(VOCABULARY - 3);
        }
        return ids;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] all = new int[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }
}
