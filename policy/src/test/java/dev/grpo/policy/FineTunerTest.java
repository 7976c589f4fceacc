package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FineTunerTest {

    /** Six prompts, each with the completion to learn; the completions end with the end-of-sequence id. */
    private static final List<ScoringRequest> EXAMPLES = IntStream.range(0, 6)
            .mapToObj(i -> new ScoringRequest(TestModels.prompt(3 + i % 3, i), withEnd(TestModels.prompt(4 + i % 2, 10 + i))))
            .toList();

    @Test
    void aFewEpochsLowerTheCompletionLossOnTheTrainingSet() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 4)) {
            CompletionTokenLoss loss = new CompletionTokenLoss(model, TestModels.PAD);
            float before = loss.evaluate(EXAMPLES);

            FineTuneResult result = new FineTuner(model, TestModels.PAD, new FineTuneConfig(10, 4, 1e-2f, 7))
                    .train(EXAMPLES, progress -> { });

            assertThat(loss.evaluate(EXAMPLES)).isLessThan(before / 2);
            assertThat(result.steps()).isEqualTo(20);
            assertThat(result.examples()).isEqualTo(6);
            assertThat(result.epochLosses()).hasSize(10);
            assertThat(result.epochLosses().get(9)).isLessThan(result.epochLosses().get(0));
            assertThat(result.tokens()).isEqualTo(10 * EXAMPLES.stream()
                    .mapToLong(e -> e.promptIds().length + e.completionIds().length).sum());
        }
    }

    @Test
    void reportsEveryStepWithItsEpoch() {
        List<FineTuneProgress> reports = new ArrayList<>();
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 4)) {
            new FineTuner(model, TestModels.PAD, new FineTuneConfig(2, 4, 1e-3f, 7)).train(EXAMPLES, reports::add);
        }

        assertThat(reports).extracting(FineTuneProgress::step).containsExactly(1, 2, 3, 4);
        assertThat(reports).extracting(FineTuneProgress::epoch).containsExactly(1, 1, 2, 2);
        assertThat(reports).allMatch(p -> p.totalSteps() == 4 && p.loss() > 0 && p.tokensPerSecond() > 0);
        assertThat(reports.get(3).remaining()).isZero();
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnotherOrder() {
        assertThat(losses(7)).containsExactly(losses(7).toArray(Float[]::new));
        assertThat(losses(8)).isNotEqualTo(losses(7));
    }

    @Test
    void refusesNoExamplesAndAnExampleTooLongBeforeTraining() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 4)) {
            FineTuner tuner = new FineTuner(model, TestModels.PAD, new FineTuneConfig(1, 4, 1e-3f, 7));
            int maxLength = model.config().maxLength();
            List<ScoringRequest> withTooLong = new ArrayList<>(EXAMPLES);
            withTooLong.add(new ScoringRequest(TestModels.prompt(maxLength, 1), TestModels.prompt(2, 2)));
            List<FineTuneProgress> reports = new ArrayList<>();

            assertThatThrownBy(() -> tuner.train(List.of(), reports::add)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tuner.train(withTooLong, reports::add))
                    .isInstanceOf(SequenceTooLongException.class).hasMessageContaining("6");
            assertThat(reports).isEmpty();
        }
    }

    @Test
    void settingsRejectNonPositiveValues() {
        assertThatThrownBy(() -> new FineTuneConfig(0, 4, 1e-3f, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FineTuneConfig(1, 0, 1e-3f, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FineTuneConfig(1, 4, 0f, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new FineTuneConfig(1, 4, 1e-3f, 1).stepsPerEpoch(9)).isEqualTo(3);
    }

    private static List<Float> losses(long seed) {
        List<Float> losses = new ArrayList<>();
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 4)) {
            new FineTuner(model, TestModels.PAD, new FineTuneConfig(2, 2, 1e-2f, seed))
                    .train(EXAMPLES, progress -> losses.add(progress.loss()));
        }
        return losses;
    }

    private static int[] withEnd(int[] completion) {
        int[] ids = java.util.Arrays.copyOf(completion, completion.length + 1);
        ids[completion.length] = TestModels.EOS;
        return ids;
    }
}
