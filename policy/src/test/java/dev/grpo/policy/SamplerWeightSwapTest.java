package dev.grpo.policy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A sampler given {@link LiveWeights} takes a new version between two decode steps: the tokens drawn after the swap
 * record the new version and carry exactly the log-probs the new weights give them (the cached keys and values of
 * the old weights are not reused), the tokens before it keep the old version's.
 */
class SamplerWeightSwapTest {

    private static final long OLD_SEED = 11;
    private static final long NEW_SEED = 12;
    private static final int SWAP_AT_STEP = 5;

    @TempDir
    static Path directory;

    private static PolicyModel oldWeights;
    private static PolicyModel newWeights;
    private static Checkpoint oldCheckpoint;
    private static Checkpoint newCheckpoint;

    @BeforeAll
    static void writeBothVersions() {
        oldWeights = TestModels.create(TestModels.rotary(), OLD_SEED);
        newWeights = TestModels.create(TestModels.rotary(), NEW_SEED);
        Checkpoint.write(oldWeights, directory.resolve("v0"), Map.of());
        Checkpoint.write(newWeights, directory.resolve("v1"), Map.of());
        oldCheckpoint = Checkpoint.read(directory.resolve("v0"));
        newCheckpoint = Checkpoint.read(directory.resolve("v1"));
    }

    @AfterAll
    static void closeModels() {
        oldWeights.close();
        newWeights.close();
    }

    @ParameterizedTest
    @EnumSource(Decoding.class)
    void tokensAfterASwapCarryTheNewVersionAndItsLogProbs(Decoding decoding) {
        List<GenerationRequest> requests = requests();
        List<Generation> generations;
        try (PolicyModel live = TestModels.create(TestModels.rotary(), OLD_SEED)) {
            generations = new Sampler(live, new int[] {TestModels.EOS}, TestModels.PAD, decoding)
                    .generate(requests, new SamplingConfig(1f, 1f, 24), new SwapAtStep(live, SWAP_AT_STEP));
        }

        float[][] underOld = scores(oldWeights, requests, generations);
        float[][] underNew = scores(newWeights, requests, generations);
        int spanning = 0;
        for (int i = 0; i < generations.size(); i++) {
            Generation generation = generations.get(i);
            for (int t = 0; t < generation.tokenIds().length; t++) {
                long version = t < SWAP_AT_STEP ? 0 : 1;
                float[] expected = version == 0 ? underOld[i] : underNew[i];
                assertThat(generation.versions()[t]).as("sequence %d token %d", i, t).isEqualTo(version);
                assertThat(generation.logProbs()[t]).as("sequence %d token %d (version %d)", i, t, version)
                        .isCloseTo(expected[t], within(1e-4f));
            }
            if (generation.spansVersions()) {
                spanning++;
                assertThat(maxDifference(generation.logProbs(), underOld[i], SWAP_AT_STEP))
                        .as("the new weights give other log-probs than the old").isGreaterThan(1e-3f);
            }
        }
        assertThat(spanning).as("sequences still running at the swap").isGreaterThanOrEqualTo(4);
    }

    @Test
    void withoutASwapEveryTokenHasTheFirstVersionAndTheSameTokensAsFixedWeights() {
        SamplingConfig settings = new SamplingConfig(0.8f, 0.9f, 20);
        try (PolicyModel live = TestModels.create(TestModels.rotary(), OLD_SEED)) {
            Sampler sampler = new Sampler(live, TestModels.EOS, TestModels.PAD);
            List<Generation> fixed = sampler.generate(requests(), settings);
            List<Generation> followed = sampler.generate(requests(), settings, () -> () -> 7L);
            for (int i = 0; i < fixed.size(); i++) {
                assertThat(followed.get(i).tokenIds()).isEqualTo(fixed.get(i).tokenIds());
                assertThat(followed.get(i).versions()).containsOnly(7L);
                assertThat(followed.get(i).spansVersions()).isFalse();
                assertThat(fixed.get(i).versions()).containsOnly(0L);
            }
        }
    }

    @Test
    void holdsTheWeightsForExactlyOneForwardPassAtATimeAndFreesWhatItAllocates() {
        try (PolicyModel live = TestModels.create(TestModels.rotary(), OLD_SEED)) {
            int weightArrays = live.manager().getManagedArrays().size();
            SwapAtStep weights = new SwapAtStep(live, 3);
            List<Generation> generations = new Sampler(live, TestModels.EOS, TestModels.PAD)
                    .generate(requests(), new SamplingConfig(1f, 1f, 12), weights);

            int longest = generations.stream().mapToInt(g -> g.tokenIds().length).max().orElseThrow();
            assertThat(weights.steps).isEqualTo(longest);
            assertThat(weights.open).isZero();
            assertThat(live.manager().getManagedArrays()).hasSize(weightArrays);
        }
    }

    private static List<GenerationRequest> requests() {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(new GenerationRequest(TestModels.prompt(1 + 2 * i, i), 300 + i));
        }
        return requests;
    }

    private static float[][] scores(PolicyModel model, List<GenerationRequest> requests, List<Generation> generations) {
        List<ScoringRequest> scored = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            scored.add(new ScoringRequest(requests.get(i).promptIds(), generations.get(i).tokenIds()));
        }
        return new CompletionScorer(model, TestModels.PAD).logProbArrays(scored, 1f);
    }

    private static float maxDifference(float[] a, float[] b, int from) {
        float max = 0;
        for (int t = from; t < a.length; t++) {
            max = Math.max(max, Math.abs(a[t] - b[t]));
        }
        return max;
    }

    /** Copies the new version's weights into the model when the given step begins (steps count from 0). */
    private static final class SwapAtStep implements LiveWeights {

        private final PolicyModel model;
        private final int swapAt;
        private int steps;
        private int open;
        private long version;

        SwapAtStep(PolicyModel model, int swapAt) {
            this.model = model;
            this.swapAt = swapAt;
        }

        @Override
        public Step begin() {
            assertThat(open).as("steps never overlap").isZero();
            if (steps++ == swapAt) {
                newCheckpoint.copyInto(model);
                version = 1;
            }
            open++;
            return Step.of(version, () -> open--);
        }
    }
}
