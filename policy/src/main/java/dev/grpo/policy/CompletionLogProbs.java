package dev.grpo.policy;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;

/**
 * Per-token log-probs of a batch of completions, right-padded to the longest completion.
 *
 * @param logProbs float32 {@code [B, C]}: entry {@code [b, i]} is the log-prob of completion b's token i; 0 in padding
 * @param mask float32 {@code [B, C]}: 1 where a completion token is, 0 in padding
 * @param entropy float32 {@code [B, C]}: the entropy of the whole next-token distribution at each completion
 *     position, 0 in padding; null unless asked for
 */
public record CompletionLogProbs(NDArray logProbs, NDArray mask, NDArray entropy) {

    /**
     * Log-probs without the entropy.
     *
     * @param logProbs float32 {@code [B, C]}
     * @param mask float32 {@code [B, C]}
     */
    public CompletionLogProbs(NDArray logProbs, NDArray mask) {
        this(logProbs, mask, null);
    }

    /** @return the number of real completion tokens in the batch */
    public float tokenCount() {
        return mask.sum().getFloat();
    }

    /**
     * @return the log-probs as Java arrays, one per completion, each as long as its completion
     */
    public float[][] toArrays() {
        int batch = Math.toIntExact(logProbs.getShape().get(0));
        int width = Math.toIntExact(logProbs.getShape().get(1));
        float[] values = logProbs.toFloatArray();
        float[] present = mask.toFloatArray();
        float[][] rows = new float[batch][];
        for (int b = 0; b < batch; b++) {
            int length = 0;
            while (length < width && present[b * width + length] > 0) {
                length++;
            }
            rows[b] = Arrays.copyOfRange(values, b * width, b * width + length);
        }
        return rows;
    }
}
