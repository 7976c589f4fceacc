package dev.grpo.policy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.grpo.policy.internal.engine.Autograd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CompletionScorerTest {

    static Stream<ModelConfig> configs() {
        return Stream.of(TestModels.rotary(), TestModels.learned());
    }

    private static final ScoringRequest SHORT = new ScoringRequest(TestModels.prompt(2, 1), TestModels.prompt(3, 2));
    private static final ScoringRequest LONG_PROMPT =
            new ScoringRequest(TestModels.prompt(11, 3), TestModels.prompt(1, 4));
    private static final ScoringRequest LONG_COMPLETION =
            new ScoringRequest(TestModels.prompt(5, 5), TestModels.prompt(14, 6));

    @ParameterizedTest
    @MethodSource("configs")
    void scoresASequenceTheSameWhateverElseIsInTheBatch(ModelConfig config) {
        try (PolicyModel model = TestModels.create(config, 2)) {
            CompletionScorer scorer = new CompletionScorer(model, TestModels.PAD);

            float[] alone = scorer.logProbArrays(List.of(SHORT), 0.8f)[0];
            float[] mixed = scorer.logProbArrays(List.of(LONG_PROMPT, SHORT, LONG_COMPLETION), 0.8f)[1];

            assertThat(mixed).hasSize(3).hasSameSizeAs(alone);
            for (int t = 0; t < alone.length; t++) {
                assertThat(mixed[t]).isCloseTo(alone[t], within(1e-4f));
            }
        }
    }

    /**
     * The entropy at a completion's first position is {@code −Σ_v p_v log p_v} over the whole vocabulary, each
     * {@code log p_v} scored here as a one-token completion of the same prompt; padding has none.
     */
    @ParameterizedTest
    @MethodSource("configs")
    void theEntropyIsThatOfTheWholeNextTokenDistribution(ModelConfig config) {
        try (PolicyModel model = TestModels.create(config, 2)) {
            CompletionScorer scorer = new CompletionScorer(model, TestModels.PAD);
            List<ScoringRequest> everyToken = new java.util.ArrayList<>();
            for (int v = 0; v < config.vocabularySize(); v++) {
                everyToken.add(new ScoringRequest(SHORT.promptIds(), new int[] {v}));
            }
            double expected = 0;
            for (float[] logProb : scorer.logProbArrays(everyToken, 0.8f)) {
                expected -= Math.exp(logProb[0]) * logProb[0];
            }
            try (NDManager call = model.manager().newSubManager()) {
                float[] entropy = scorer.logProbs(call, List.of(SHORT, LONG_COMPLETION), 0.8f, true).entropy()
                        .toFloatArray();
                int width = LONG_COMPLETION.completionIds().length;
                assertThat(entropy[0]).isCloseTo((float) expected, within(1e-4f));
                assertThat(entropy[SHORT.completionIds().length]).as("padding").isZero();
                assertThat(entropy[width]).isPositive();
                assertThat(scorer.logProbs(call, List.of(SHORT), 0.8f).entropy()).isNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void givesTheSameGradientsWhenTheGarbageCollectorRunsBeforeTheBackwardPass(ModelConfig config) {
        try (PolicyModel model = TestModels.create(config, 2)) {
            float[] calm = allGradients(model, false);
            float[] collected = allGradients(model, true);

            assertThat(collected).hasSameSizeAs(calm);
            double largestDifference = 0;
            for (int i = 0; i < calm.length; i++) {
                largestDifference = Math.max(largestDifference, Math.abs((double) collected[i] - calm[i]));
            }
            assertThat(largestDifference).as("largest gradient difference (NaN when memory was freed)").isZero();
        }
    }

    /** Backward pass of a temperature-scaled loss, optionally after the GC freed every unreachable buffer. */
    private static float[] allGradients(PolicyModel model, boolean collectGarbage) {
        CompletionScorer scorer = new CompletionScorer(model, TestModels.PAD);
        try (NDManager step = model.manager().newSubManager();
             GradientCollector collector = Engine.getEngine(ComputeDevice.ENGINE).newGradientCollector()) {
            CompletionLogProbs logProbs = scorer.logProbs(step, List.of(SHORT, LONG_COMPLETION), 0.7f);
            NDArray loss = logProbs.logProbs().sum().neg();
            if (collectGarbage) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    byte[][] churn = new byte[64][];
                    for (int j = 0; j < churn.length; j++) {
                        churn[j] = new byte[1 << 16];
                    }
                }
            }
            collector.backward(loss);
        }
        float[] gradient = new float[0];
        for (Parameter parameter : model.parameters().values()) {
            try (NDArray values = parameter.getArray().getGradient()) {
                float[] more = values.toFloatArray();
                float[] joined = Arrays.copyOf(gradient, gradient.length + more.length);
                System.arraycopy(more, 0, joined, gradient.length, more.length);
                gradient = joined;
            }
            Autograd.zeroGradient(parameter.getArray());
        }
        return gradient;
    }

    @Test
    void returnsOneLogProbPerCompletionTokenWithAMaskOverThePadding() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 2);
             NDManager manager = model.manager().newSubManager()) {
            CompletionLogProbs scored = new CompletionScorer(model, TestModels.PAD)
                    .logProbs(manager, List.of(SHORT, LONG_COMPLETION), 1f);

            assertThat(scored.logProbs().getShape().getShape()).containsExactly(2, 14);
            assertThat(scored.tokenCount()).isEqualTo(17f);
            float[] mask = scored.mask().toFloatArray();
            float[] logProbs = scored.logProbs().toFloatArray();
            assertThat(mask[2]).isEqualTo(1f);
            assertThat(mask[3]).isZero();
            assertThat(logProbs[3]).isZero();
            for (float logProb : logProbs) {
                assertThat(logProb).isNotPositive();
            }
        }
    }

    @Test
    void scoresGreedyCompletionsAtTemperatureOne() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 2)) {
            CompletionScorer scorer = new CompletionScorer(model, TestModels.PAD);

            assertThat(scorer.logProbArrays(List.of(SHORT), 0f)[0])
                    .containsExactly(scorer.logProbArrays(List.of(SHORT), 1f)[0]);
            assertThat(scorer.logProbArrays(List.of(SHORT), 2f)[0])
                    .isNotEqualTo(scorer.logProbArrays(List.of(SHORT), 1f)[0]);
        }
    }

    @Test
    void rejectsAPromptAndCompletionLongerThanTheMaxLength() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 2)) {
            int maxLength = model.config().maxLength();
            ScoringRequest tooLong = new ScoringRequest(TestModels.prompt(maxLength - 4, 1), TestModels.prompt(5, 2));

            assertThatThrownBy(() -> new CompletionScorer(model, TestModels.PAD).logProbArrays(List.of(tooLong), 1f))
                    .isInstanceOf(SequenceTooLongException.class)
                    .hasMessageContaining("prompt plus completion 0").hasMessageContaining(String.valueOf(maxLength));
        }
    }

    @Test
    void rejectsTokenIdsOutsideTheVocabularyAndEmptyParts() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 2)) {
            CompletionScorer scorer = new CompletionScorer(model, TestModels.PAD);

            assertThatThrownBy(() -> scorer.logProbArrays(
                    List.of(SHORT, new ScoringRequest(new int[] {3}, new int[] {4, 16})), 1f))
                    .isInstanceOf(TokenIdOutOfRangeException.class).hasMessageContaining("completion 1, position 1");
            assertThatThrownBy(() -> scorer.logProbArrays(List.of(new ScoringRequest(new int[] {3}, new int[0])), 1f))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 0");
            assertThatThrownBy(() -> scorer.logProbArrays(List.of(), 1f)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
