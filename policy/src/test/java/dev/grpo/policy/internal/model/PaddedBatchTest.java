package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDManager;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.ModelPreset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PaddedBatchTest {

    private static final ModelConfig CONFIG = ModelPreset.TINY.config(16);

    @Test
    void leftPadsPromptsSoTheyAllEndInTheSameColumn() {
        PaddedBatch batch = PaddedBatch.ofPrompts(List.of(new int[] {5, 6, 7}, new int[] {9}), 0);

        assertThat(batch.promptWidth()).isEqualTo(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            DecoderInput input = batch.input(manager, 0, 3, CONFIG);
            assertThat(input.tokens().toLongArray()).containsExactly(5, 6, 7, 0, 0, 9);
            assertThat(input.positions().toLongArray()).containsExactly(0, 1, 2, 0, 0, 0);
        }
    }

    @Test
    void rightPadsContinuationsAfterTheirPrompt() {
        PaddedBatch batch = PaddedBatch.ofPromptsAndContinuations(
                List.of(new int[] {5, 6}, new int[] {9}), List.of(new int[] {3}, new int[] {4, 4, 4}), 0);

        assertThat(batch.width()).isEqualTo(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(batch.input(manager, 0, 5, CONFIG).tokens().toLongArray())
                    .containsExactly(5, 6, 3, 0, 0, 0, 9, 4, 4, 4);
        }
        assertThat(batch.position(1, 1)).isZero();
        assertThat(batch.position(1, 4)).isEqualTo(3);
    }

    @Test
    void letsAQueryAttendOnlyToEarlierRealTokensAndItself() {
        PaddedBatch batch = PaddedBatch.ofPrompts(List.of(new int[] {5, 6, 7}, new int[] {8, 9}), 0);

        try (NDManager manager = NDManager.newBaseManager()) {
            float[] bias = batch.input(manager, 0, 3, CONFIG).attentionBias().toFloatArray();
            float m = PaddedBatch.MASKED;
            float[] noPadding = {
                0, m, m,
                0, 0, m,
                0, 0, 0};
            float[] padInColumnZero = {
                0, m, m,
                m, 0, m,
                m, 0, 0};
            assertThat(Arrays.copyOfRange(bias, 0, 9)).containsExactly(noPadding);
            assertThat(Arrays.copyOfRange(bias, 9, 18)).containsExactly(padInColumnZero);
        }
    }

    @Test
    void appendedColumnsContinueEachSequencesPositions() {
        PaddedBatch batch = PaddedBatch.ofPrompts(List.of(new int[] {5, 6, 7}, new int[] {8}), 0);
        batch.append(new long[] {2, 3});

        try (NDManager manager = NDManager.newBaseManager()) {
            DecoderInput step = batch.input(manager, 3, 4, CONFIG);
            assertThat(step.tokens().toLongArray()).containsExactly(2, 3);
            assertThat(step.positions().toLongArray()).containsExactly(3, 1);
            assertThat(step.attentionBias().getShape().getShape()).containsExactly(2, 1, 1, 4);
            assertThat(step.rotaryCos().getShape().getShape()).containsExactly(2, 1, 1, 8);
        }
    }
}
