package dev.grpo.bench.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.bench.learner.LearnerBenchmark.Config;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The synthetic batch: the same seed gives the same batch, and lengths spread as a real step's do. */
class SyntheticBatchTest {

    private static final Config SHAPE = new Config(Path.of("unused"), 4, 6, 8, 96, 0, 1, 1, 0.001, 0);

    @Test
    void theSameSeedDrawsTheSameBatch() {
        SyntheticBatch first = SyntheticBatch.draw(SHAPE, 153, 7);
        SyntheticBatch again = SyntheticBatch.draw(SHAPE, 153, 7);

        assertThat(again.completions()).containsExactlyElementsOf(first.completions());
        assertThat(again.prompts()).containsExactlyElementsOf(first.prompts());
        assertThat(again.advantages()).containsExactly(first.advantages());
    }

    @Test
    void anotherSeedDrawsAnotherBatch() {
        assertThat(SyntheticBatch.draw(SHAPE, 153, 8).completions())
                .isNotEqualTo(SyntheticBatch.draw(SHAPE, 153, 7).completions());
    }

    @Test
    void lengthsSpreadBelowTheMaximaWhichTheFirstSampleReaches() {
        SyntheticBatch batch = SyntheticBatch.draw(SHAPE, 153, 7);

        assertThat(batch.size()).isEqualTo(24);
        assertThat(batch.prompts().get(0)).hasSize(8);
        assertThat(batch.completions().get(0)).hasSize(96);
        assertThat(batch.prompts()).allSatisfy(p -> assertThat(p.length).isBetween(6, 8));
        assertThat(batch.completions()).allSatisfy(c -> assertThat(c.length).isBetween(24, 96));
        assertThat(batch.completions().stream().mapToInt(c -> c.length).distinct().count()).isGreaterThan(10);
    }

    @Test
    void membersOfAGroupShareTheirPromptAndTheirAdvantagesSumToZero() {
        SyntheticBatch batch = SyntheticBatch.draw(SHAPE, 153, 7);

        for (int group = 0; group < 4; group++) {
            double sum = 0;
            for (int member = 0; member < 6; member++) {
                assertThat(batch.prompts().get(group * 6 + member)).isSameAs(batch.prompts().get(group * 6));
                sum += batch.advantages()[group * 6 + member];
            }
            assertThat(sum).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void trainingGroupsCarryTheBehaviourLogProbsAndAdvantages() {
        SyntheticBatch batch = SyntheticBatch.draw(SHAPE, 153, 7);
        float[][] behaviour = new float[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            behaviour[i] = new float[batch.completions().get(i).length];
            java.util.Arrays.fill(behaviour[i], -i);
        }

        var groups = batch.trainingGroups(behaviour, 1f);

        assertThat(groups).hasSize(4);
        var member = groups.get(2).members().get(3).sample();
        assertThat(member.getBehaviourLogprobs()).hasSize(batch.completions().get(15).length).containsOnly(-15f);
        assertThat(member.getAdvantage()).isEqualTo(batch.advantages()[15]);
        assertThat(groups.stream().mapToLong(g -> g.completionTokens()).sum()).isEqualTo(batch.completionTokens());
    }
}
