package dev.grpo.policy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {

    private static PolicyModel model;
    private static Sampler sampler;

    @BeforeAll
    static void createModel() {
        model = TestModels.create(TestModels.rotary(), 11);
        sampler = new Sampler(model, TestModels.EOS, TestModels.PAD);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    /** Eight prompts of lengths 1 to 15. */
    private static List<GenerationRequest> mixedBatch(long seedBase) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(new GenerationRequest(TestModels.prompt(1 + 2 * i, i), seedBase + i));
        }
        return requests;
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1.0", "0.7, 0.9", "1.3, 0.5", "0.0, 1.0"})
    void recordsTheLogProbsTheTeacherForcedScorerComputes(float temperature, float topP) {
        List<GenerationRequest> requests = mixedBatch(100);
        List<Generation> generations = sampler.generate(requests, new SamplingConfig(temperature, topP, 24));

        List<ScoringRequest> scored = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            scored.add(new ScoringRequest(requests.get(i).promptIds(), generations.get(i).tokenIds()));
        }
        float[][] teacherForced = new CompletionScorer(model, TestModels.PAD).logProbArrays(scored, temperature);

        for (int i = 0; i < generations.size(); i++) {
            float[] sampled = generations.get(i).logProbs();
            assertThat(teacherForced[i]).hasSameSizeAs(sampled);
            for (int t = 0; t < sampled.length; t++) {
                assertThat(sampled[t]).as("sequence %d token %d", i, t).isCloseTo(teacherForced[i][t], within(1e-4f));
            }
        }
        if (temperature > 0) {
            assertThat(generations.stream().map(g -> g.tokenIds().length).distinct().count()).isGreaterThan(2);
            assertThat(generations.stream().map(Generation::finishReason).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(FinishReason.STOP, FinishReason.LENGTH);
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1.0", "0.8, 0.9", "0.0, 1.0"})
    void emitsExactlyTheTokensOfCacheFreeGeneration(float temperature, float topP) {
        SamplingConfig settings = new SamplingConfig(temperature, topP, 30);
        Sampler cacheFree = new Sampler(model, TestModels.EOS, TestModels.PAD, Decoding.FULL_RECOMPUTE);

        List<Generation> cached = sampler.generate(mixedBatch(7), settings);
        List<Generation> recomputed = cacheFree.generate(mixedBatch(7), settings);

        for (int i = 0; i < cached.size(); i++) {
            assertThat(cached.get(i).tokenIds()).as("sequence %d", i).containsExactly(recomputed.get(i).tokenIds());
            assertThat(cached.get(i).finishReason()).isEqualTo(recomputed.get(i).finishReason());
        }
    }

    @Test
    void givesASequenceTheSameTokensAloneAsInAMixedBatch() {
        SamplingConfig settings = new SamplingConfig(1f, 0.95f, 20);
        List<GenerationRequest> batch = mixedBatch(40);

        List<Generation> together = sampler.generate(batch, settings);

        for (int i = 0; i < batch.size(); i++) {
            Generation alone = sampler.generate(List.of(batch.get(i)), settings).get(0);
            assertThat(alone.tokenIds()).as("sequence %d", i).containsExactly(together.get(i).tokenIds());
            for (int t = 0; t < alone.logProbs().length; t++) {
                assertThat(alone.logProbs()[t]).isCloseTo(together.get(i).logProbs()[t], within(1e-4f));
            }
        }
    }

    @Test
    void isReproducibleForAFixedSeedAndVariesWithTheSeed() {
        SamplingConfig settings = new SamplingConfig(1f, 1f, 20);
        int[] prompt = TestModels.prompt(4, 9);

        Set<List<Integer>> outcomes = new HashSet<>();
        for (long seed = 0; seed < 6; seed++) {
            outcomes.add(tokens(sampler.generate(List.of(new GenerationRequest(prompt, seed)), settings).get(0)));
        }
        Generation again = sampler.generate(List.of(new GenerationRequest(prompt, 3)), settings).get(0);

        assertThat(outcomes).hasSizeGreaterThan(3);
        assertThat(outcomes).contains(tokens(again));
    }

    private static List<Integer> tokens(Generation generation) {
        return Arrays.stream(generation.tokenIds()).boxed().toList();
    }

    @Test
    void endsWithTheEndOfSequenceTokenExactlyWhenStopped() {
        for (Generation generation : sampler.generate(mixedBatch(300), new SamplingConfig(1f, 1f, 12))) {
            int[] ids = generation.tokenIds();
            boolean stopped = generation.finishReason() == FinishReason.STOP;
            assertThat(ids[ids.length - 1] == TestModels.EOS).isEqualTo(stopped);
            assertThat(Arrays.stream(ids, 0, ids.length - 1)).doesNotContain(TestModels.EOS);
            assertThat(ids.length).isLessThanOrEqualTo(12);
            if (!stopped) {
                assertThat(ids).hasSize(12);
            }
            assertThat(generation.logProbs()).hasSameSizeAs(ids);
            for (float logProb : generation.logProbs()) {
                assertThat(logProb).isNotPositive();
            }
        }
    }

    @Test
    void stopsAtWhicheverOfSeveralEndIdsComesFirst() {
        int otherEnd = 5;
        Sampler twoEnds = new Sampler(model, new int[] {TestModels.EOS, otherEnd}, TestModels.PAD);
        SamplingConfig settings = new SamplingConfig(1f, 1f, 12);

        List<Generation> oneEnd = sampler.generate(mixedBatch(300), settings);
        List<Generation> generations = twoEnds.generate(mixedBatch(300), settings);

        Set<Integer> lastTokens = new HashSet<>();
        for (int i = 0; i < generations.size(); i++) {
            int[] ids = generations.get(i).tokenIds();
            boolean stopped = generations.get(i).finishReason() == FinishReason.STOP;
            int last = ids[ids.length - 1];
            assertThat(last == TestModels.EOS || last == otherEnd).isEqualTo(stopped);
            assertThat(Arrays.stream(ids, 0, ids.length - 1)).doesNotContain(TestModels.EOS, otherEnd);
            assertThat(oneEnd.get(i).tokenIds()).as("same seed, same draws up to the first end id")
                    .startsWith(ids);
            if (stopped) {
                lastTokens.add(last);
            }
        }
        assertThat(lastTokens).contains(otherEnd);
    }

    @Test
    void keepsGoingPastTheEndOfSequenceTokenWhenToldTo() {
        List<Generation> generations = sampler.generate(mixedBatch(300), new SamplingConfig(1f, 1f, 24, false));

        assertThat(generations).allSatisfy(g -> {
            assertThat(g.tokenIds()).hasSize(24);
            assertThat(g.finishReason()).isEqualTo(FinishReason.LENGTH);
        });
        assertThat(generations).anySatisfy(g -> assertThat(g.tokenIds()).contains(TestModels.EOS));
    }

    @Test
    void stopsAtTheModelsMaxLength() {
        ModelConfig config = model.config();
        int[] prompt = TestModels.prompt(config.maxLength() - 3, 1);

        for (long seed = 0; seed < 5; seed++) {
            Generation generation = sampler.generate(List.of(new GenerationRequest(prompt, seed)),
                    new SamplingConfig(1f, 1f, 100)).get(0);
            assertThat(generation.tokenIds().length).isLessThanOrEqualTo(3);
            if (generation.finishReason() == FinishReason.LENGTH) {
                assertThat(generation.tokenIds()).hasSize(3);
            }
        }
    }

    @Test
    void samplesALearnedPositionModelWhenAPromptNearTheMaxLengthSharesTheBatchWithShortOnes() {
        try (PolicyModel learned = TestModels.create(TestModels.learned(), 3)) {
            int[] nearMax = TestModels.prompt(learned.config().maxLength() - 2, 1);
            List<GenerationRequest> requests = List.of(new GenerationRequest(nearMax, 1),
                    new GenerationRequest(TestModels.prompt(2, 2), 2));

            List<Generation> generations = new Sampler(learned, TestModels.EOS, TestModels.PAD)
                    .generate(requests, new SamplingConfig(1f, 1f, 20, false));

            assertThat(generations.get(0).tokenIds()).hasSize(2);
            assertThat(generations.get(1).tokenIds()).hasSize(20);
        }
    }

    @Test
    void rejectsAPromptThatLeavesNoRoomWithinTheMaxLength() {
        int[] tooLong = TestModels.prompt(model.config().maxLength(), 1);

        assertThatThrownBy(() -> sampler.generate(
                List.of(new GenerationRequest(new int[] {3}, 1), new GenerationRequest(tooLong, 2)),
                new SamplingConfig(1f, 1f, 4)))
                .isInstanceOfSatisfying(SequenceTooLongException.class,
                        e -> assertThat(e.length()).isEqualTo(model.config().maxLength()))
                .hasMessageContaining("prompt 1");
    }

    @Test
    void rejectsATokenIdOutsideTheVocabulary() {
        assertThatThrownBy(() -> sampler.generate(List.of(new GenerationRequest(new int[] {3, 99, 4}, 1)),
                new SamplingConfig(1f, 1f, 4)))
                .isInstanceOf(TokenIdOutOfRangeException.class)
                .hasMessageContaining("token id 99").hasMessageContaining("prompt 0, position 1");
        assertThatThrownBy(() -> sampler.generate(List.of(new GenerationRequest(new int[] {-2}, 1)),
                new SamplingConfig(1f, 1f, 4)))
                .isInstanceOf(TokenIdOutOfRangeException.class);
    }

    @Test
    void rejectsEmptyRequestsAndPrompts() {
        SamplingConfig settings = new SamplingConfig(1f, 1f, 4);
        assertThatThrownBy(() -> sampler.generate(List.of(), settings)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sampler.generate(List.of(new GenerationRequest(new int[0], 1)), settings))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prompt 0 is empty");
    }

    @Test
    void rejectsSpecialIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> new Sampler(model, 16, TestModels.PAD))
                .isInstanceOf(TokenIdOutOfRangeException.class);
        assertThatThrownBy(() -> new Sampler(model, new int[] {TestModels.EOS, 16}, TestModels.PAD))
                .isInstanceOf(TokenIdOutOfRangeException.class).hasMessageContaining("end-of-sequence ids");
        assertThatThrownBy(() -> new Sampler(model, TestModels.EOS, -1))
                .isInstanceOf(TokenIdOutOfRangeException.class).hasMessageContaining("pad id");
        assertThatThrownBy(() -> new Sampler(model, new int[0], TestModels.PAD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

    @Test
    void freesEveryArrayItAllocates() {
        int weightArrays = model.manager().getManagedArrays().size();

        for (int call = 0; call < 50; call++) {
            sampler.generate(mixedBatch(call), new SamplingConfig(1f, 0.9f, 6));
        }

        assertThat(model.manager().getManagedArrays()).hasSize(weightArrays);
        assertThat(weightArrays).isEqualTo(model.parameters().size());
    }
}
