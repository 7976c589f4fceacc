package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TokenChoiceTest {

    private static final float[] ROW = {(float) Math.log(0.2), (float) Math.log(0.5), (float) Math.log(0.3)};

    @Test
    void greedyPicksTheMostLikelyToken() {
        assertThat(TokenChoice.pick(ROW, 0, 3, new SamplingConfig(0f, 1f, 1), new SplittableRandom(1))).isEqualTo(1);
    }

    @Test
    void samplesInProportionToTheProbabilities() {
        int[] counts = draw(new SamplingConfig(1f, 1f, 1), 20_000);

        assertThat(counts[0] / 20_000.0).isCloseTo(0.2, within(0.02));
        assertThat(counts[1] / 20_000.0).isCloseTo(0.5, within(0.02));
        assertThat(counts[2] / 20_000.0).isCloseTo(0.3, within(0.02));
    }

    @Test
    void topPKeepsOnlyTheSmallestSetReachingTheMassAndRenormalises() {
        int[] counts = draw(new SamplingConfig(1f, 0.7f, 1), 20_000);

        assertThat(counts[0]).isZero();
        assertThat(counts[1] / 20_000.0).isCloseTo(0.5 / 0.8, within(0.02));
    }

    @Test
    void aTinyTopPAlwaysKeepsTheMostLikelyToken() {
        assertThat(draw(new SamplingConfig(1f, 0.01f, 1), 200)[1]).isEqualTo(200);
    }

    @Test
    void readsTheRowAtTheGivenOffset() {
        float[] twoRows = new float[6];
        System.arraycopy(ROW, 0, twoRows, 3, 3);
        twoRows[0] = 0f;
        twoRows[1] = -50f;
        twoRows[2] = -50f;

        assertThat(TokenChoice.pick(twoRows, 3, 3, new SamplingConfig(0f, 1f, 1), new SplittableRandom(1)))
                .isEqualTo(1);
        assertThat(TokenChoice.pick(twoRows, 0, 3, new SamplingConfig(0f, 1f, 1), new SplittableRandom(1)))
                .isZero();
    }

    private static int[] draw(SamplingConfig settings, int times) {
        SplittableRandom random = new SplittableRandom(42);
        int[] counts = new int[3];
        for (int i = 0; i < times; i++) {
            counts[TokenChoice.pick(ROW, 0, 3, settings, random)]++;
        }
        return counts;
    }
}
