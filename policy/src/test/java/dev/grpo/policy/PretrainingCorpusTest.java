package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PretrainingCorpusTest {

    private static final Pattern R1_ZERO = Pattern.compile("<think>(.*)</think><answer>(\\d+)</answer>");
    private static final ArithmeticProblem PROBLEM = new ArithmeticProblem(47, 38);

    @Test
    void addsColumnByColumnInEnglish() {
        CorpusMix english = new CorpusMix(0, 1, 0, 0, 0);

        CorpusSample sample = new PretrainingCorpus(new ArithmeticTask(), english, 1).sample(PROBLEM);

        assertThat(sample.completion())
                .isEqualTo("<think>7+8=15, write 5, carry 1. 4+3+1=8, write 8. so 85</think><answer>85</answer>");
        assertThat(sample.style()).isEqualTo(ReasoningStyle.STEPS);
        assertThat(sample.correct()).isTrue();
    }

    @Test
    void writesPhrasesInChineseWhenMixing() {
        CorpusMix chinese = new CorpusMix(0, 1, 0, 1, 1);

        CorpusSample sample = new PretrainingCorpus(new ArithmeticTask(), chinese, 1)
                .sample(new ArithmeticProblem(962, 58));

        assertThat(sample.completion()).isEqualTo(
                "<think>2+8=10，写0，进1。 6+5+1=12，写2，进1。 9+1=10，写10。 所以1020</think><answer>1020</answer>");
        assertThat(sample.style()).isEqualTo(ReasoningStyle.MIXED_STEPS);
    }

    @Test
    void answersDirectlyWithAnEmptyThought() {
        CorpusMix direct = new CorpusMix(1, 1, 0, 0, 0);

        CorpusSample sample = new PretrainingCorpus(new ArithmeticTask(), direct, 1).sample(PROBLEM);

        assertThat(sample.completion()).isEqualTo("<think></think><answer>85</answer>");
        assertThat(sample.style()).isEqualTo(ReasoningStyle.DIRECT);
    }

    @Test
    void aSlipMakesTheWorkAndTheAnswerWrongButConsistent() {
        CorpusMix slipping = new CorpusMix(0, 1, 1, 0, 0);
        PretrainingCorpus corpus = new PretrainingCorpus(new ArithmeticTask(), slipping, 3);

        for (int i = 0; i < 50; i++) {
            CorpusSample sample = corpus.next();
            Matcher matcher = R1_ZERO.matcher(sample.completion());
            assertThat(matcher.matches()).isTrue();
            assertThat(sample.correct()).isFalse();
            assertThat(matcher.group(1)).endsWith("so " + matcher.group(2));
        }
    }

    @Test
    void demoMixIsImperfectInTheConfiguredProportions() {
        PretrainingCorpus corpus = new PretrainingCorpus(new ArithmeticTask(), CorpusMix.DEMO, 5);
        List<CorpusSample> samples = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            samples.add(corpus.next());
        }

        double direct = share(samples, s -> s.style() == ReasoningStyle.DIRECT);
        List<CorpusSample> directOnes = samples.stream().filter(s -> s.style() == ReasoningStyle.DIRECT).toList();
        List<CorpusSample> stepOnes = samples.stream().filter(s -> s.style() != ReasoningStyle.DIRECT).toList();
        assertThat(direct).isCloseTo(0.6, within(0.03));
        assertThat(share(directOnes, CorpusSample::correct)).isCloseTo(0.2, within(0.03));
        assertThat(share(stepOnes, CorpusSample::correct)).isCloseTo(0.9, within(0.03));
        assertThat(share(stepOnes, s -> s.style() == ReasoningStyle.MIXED_STEPS)).isBetween(0.25, 0.36);
    }

    private static double share(List<CorpusSample> samples, java.util.function.Predicate<CorpusSample> test) {
        return samples.stream().filter(test).count() / (double) samples.size();
    }

    @Test
    void everySampleIsInTheR1ZeroFormatAndEncodableByTheBuiltInTokenizer() {
        CharTokenizer tokenizer = new CharTokenizer();
        PretrainingCorpus corpus = new PretrainingCorpus(new ArithmeticTask(), CorpusMix.DEMO, 8);

        for (int i = 0; i < 1_000; i++) {
            CorpusSample sample = corpus.next();
            Matcher matcher = R1_ZERO.matcher(sample.completion());
            assertThat(matcher.matches()).as(sample.completion()).isTrue();
            assertThat(matcher.group(2).equals(sample.problem().answer())).isEqualTo(sample.correct());
            String text = sample.prompt() + sample.completion();
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void isReproducibleForASeed() {
        PretrainingCorpus a = new PretrainingCorpus(new ArithmeticTask(), CorpusMix.DEMO, 9);
        PretrainingCorpus b = new PretrainingCorpus(new ArithmeticTask(), CorpusMix.DEMO, 9);

        for (int i = 0; i < 100; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }
}
