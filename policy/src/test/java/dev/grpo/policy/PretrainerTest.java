package dev.grpo.policy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PretrainerTest {

    private final CharTokenizer tokenizer = new CharTokenizer();

    @Test
    void lowersTheNextTokenLossAndReportsEveryStep() {
        PretrainingCorpus corpus = new PretrainingCorpus(new ArithmeticTask(), CorpusMix.DEMO, 1);
        List<PretrainProgress> reports = new ArrayList<>();
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(tokenizer.vocabularySize()), 1,
                Device.cpu())) {
            PretrainResult result = new Pretrainer(model, tokenizer, new PretrainConfig(40, 8, 1e-2f))
                    .train(() -> text(corpus.next()), reports::add);

            assertThat(result.finalLoss()).isLessThan(result.firstLoss() / 2);
            assertThat(result.tokens()).isPositive();
        }
        assertThat(reports).hasSize(40);
        assertThat(reports).extracting(PretrainProgress::step).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
        assertThat(reports).allMatch(p -> p.totalSteps() == 40 && p.tokensPerSecond() > 0);
        assertThat(reports.get(39).remaining()).isZero();
    }

    private static TrainingText text(CorpusSample sample) {
        return new TrainingText(sample.prompt(), sample.completion());
    }

    @Test
    void rejectsATokenizerLargerThanTheModelsVocabulary() {
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(20), 1, Device.cpu())) {
            assertThatThrownBy(() -> new Pretrainer(model, tokenizer, new PretrainConfig(1, 1, 1e-3f)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("153");
        }
    }
}
