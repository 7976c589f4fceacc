package dev.grpo.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ContinuousSamplerTest {

    /**
     * Fourteen requests whose prompts (1 to 16 ids, one near the max length) come in no order, so a joining
     * prompt is sometimes longer and sometimes shorter than the running batch is wide.
     */
    private static List<GenerationRequest> queue(ModelConfig config, long seedBase) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            requests.add(new GenerationRequest(TestModels.prompt(1 + (i * 7) % 16, i), seedBase + i));
        }
        requests.add(new GenerationRequest(TestModels.prompt(config.maxLength() - 3, 99), seedBase + 13));
        return requests;
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1.0, 3", "0.7, 0.9, 4", "1.3, 0.5, 1", "0.0, 1.0, 5", "1.0, 1.0, 20"})
    void recordsTheLogProbsTheTeacherForcedScorerComputes(float temperature, float topP, int slots) {
        for (ModelConfig config : List.of(TestModels.rotary(), TestModels.learned())) {
            try (PolicyModel model = TestModels.create(config, 11)) {
                List<GenerationRequest> requests = queue(config, 100);
                List<Generation> generations = new ContinuousSampler(model, new int[] {TestModels.EOS},
                        TestModels.PAD, slots).generate(requests, new SamplingConfig(temperature, topP, 24));

                float[][] teacherForced = new CompletionScorer(model, TestModels.PAD)
                        .logProbArrays(scoringRequests(requests, generations), temperature);
                for (int i = 0; i < generations.size(); i++) {
                    float[] sampled = generations.get(i).logProbs();
                    assertThat(teacherForced[i]).hasSameSizeAs(sampled);
                    for (int t = 0; t < sampled.length; t++) {
                        assertThat(sampled[t]).as("%s: sequence %d token %d", config.positions(), i, t)
                                .isCloseTo(teacherForced[i][t], within(1e-4f));
                    }
                }
                if (temperature > 0) {
                    assertThat(generations.stream().map(g -> g.tokenIds().length).distinct().count())
                            .as("sequences end at different steps, so rows leave and join").isGreaterThan(3);
                    assertThat(generations.stream().map(Generation::finishReason).collect(Collectors.toSet()))
                            .containsExactlyInAnyOrder(FinishReason.STOP, FinishReason.LENGTH);
                }
            }
        }
    }

    private static List<ScoringRequest> scoringRequests(List<GenerationRequest> requests,
                                                        List<Generation> generations) {
        List<ScoringRequest> scored = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            scored.add(new ScoringRequest(requests.get(i).promptIds(), generations.get(i).tokenIds()));
        }
        return scored;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 14, 30})
    void givesEachRequestTheTokensItGetsAloneAndInAStaticBatch(int slots) {
        for (ModelConfig config : List.of(TestModels.rotary(), TestModels.learned())) {
            try (PolicyModel model = TestModels.create(config, 5)) {
                SamplingConfig settings = new SamplingConfig(1f, 0.95f, 20);
                List<GenerationRequest> requests = queue(config, 40);
                Sampler sampler = new Sampler(model, TestModels.EOS, TestModels.PAD);

                List<Generation> continuous = new ContinuousSampler(model, new int[] {TestModels.EOS},
                        TestModels.PAD, slots).generate(requests, settings);
                List<Generation> staticBatch = sampler.generate(requests, settings);

                for (int i = 0; i < requests.size(); i++) {
                    Generation alone = sampler.generate(List.of(requests.get(i)), settings).get(0);
                    for (Generation other : List.of(alone, staticBatch.get(i))) {
                        assertThat(continuous.get(i).tokenIds()).as("%s: sequence %d", config.positions(), i)
                                .containsExactly(other.tokenIds());
                        assertThat(continuous.get(i).finishReason()).isEqualTo(other.finishReason());
                        for (int t = 0; t < other.logProbs().length; t++) {
                            assertThat(continuous.get(i).logProbs()[t]).isCloseTo(other.logProbs()[t], within(1e-4f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void stopsAtWhicheverOfSeveralEndIdsComesFirst() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 11)) {
            int[] ends = {TestModels.EOS, 5};
            SamplingConfig settings = new SamplingConfig(1f, 1f, 12);
            List<GenerationRequest> requests = queue(model.config(), 300);

            List<Generation> continuous = new ContinuousSampler(model, ends, TestModels.PAD, 3)
                    .generate(requests, settings);
            List<Generation> staticBatch = new Sampler(model, ends, TestModels.PAD).generate(requests, settings);

            for (int i = 0; i < requests.size(); i++) {
                assertThat(continuous.get(i).tokenIds()).containsExactly(staticBatch.get(i).tokenIds());
            }
            assertThat(continuous).anySatisfy(g -> assertThat(g.tokenIds()[g.tokenIds().length - 1]).isEqualTo(5));
        }
    }

    @Test
    void freesEveryArrayItAllocates() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 11)) {
            int weightArrays = model.manager().getManagedArrays().size();
            ContinuousSampler sampler = new ContinuousSampler(model, new int[] {TestModels.EOS}, TestModels.PAD, 3);

            for (int call = 0; call < 20; call++) {
                sampler.generate(queue(model.config(), call), new SamplingConfig(1f, 0.9f, 6));
            }

            assertThat(model.manager().getManagedArrays()).hasSize(weightArrays);
            assertThat(weightArrays).isEqualTo(model.parameters().size());
        }
    }

    @Test
    void rejectsBadRequestsAndSettingsWithTheSamplersMessages() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 11)) {
            ContinuousSampler sampler = new ContinuousSampler(model, new int[] {TestModels.EOS}, TestModels.PAD, 2);
            SamplingConfig settings = new SamplingConfig(1f, 1f, 4);
            int[] tooLong = TestModels.prompt(model.config().maxLength(), 1);

            assertThatThrownBy(() -> sampler.generate(List.of(), settings))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sampler.generate(
                    List.of(new GenerationRequest(new int[] {3}, 1), new GenerationRequest(tooLong, 2)), settings))
                    .isInstanceOf(SequenceTooLongException.class).hasMessageContaining("prompt 1");
            assertThatThrownBy(() -> new ContinuousSampler(model, new int[] {TestModels.EOS}, TestModels.PAD, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one slot, got 0");
            assertThatThrownBy(() -> new ContinuousSampler(model, new int[] {16}, TestModels.PAD, 2))
                    .isInstanceOf(TokenIdOutOfRangeException.class).hasMessageContaining("end-of-sequence ids");
        }
    }
}
