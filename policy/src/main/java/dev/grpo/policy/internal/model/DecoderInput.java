package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The arrays of one forward pass over a window of columns of a {@link PaddedBatch}.
 *
 * @param tokens int64 {@code [B, T]}: token ids of the window
 * @param positions int64 {@code [B, T]}: each token's position within its own sequence (0 at pads)
 * @param attentionBias float32 {@code [B, 1, T, S]}: 0 where a query may attend a key, a large negative number
 *     elsewhere; S counts every column up to the end of the window, cached ones included
 * @param rotaryCos float32 {@code [B, 1, T, headWidth / 2]}, or null with learned positions
 * @param rotarySin float32 {@code [B, 1, T, headWidth / 2]}, or null with learned positions
 */
public record DecoderInput(NDArray tokens, NDArray positions, NDArray attentionBias,
                           NDArray rotaryCos, NDArray rotarySin) {

    /** @return whether rotary tables are present */
    public boolean rotary() {
        return rotaryCos != null;
    }

    /**
     * Rotates queries or keys by their positions, non-interleaved: the first half of each head's dimensions pairs
     * with the second half ({@code rotate_half} in Hugging Face's Llama).
     *
     * @param x {@code [B, heads, T, headWidth]}
     * @return the rotated array, same shape
     */
    public NDArray rotate(NDArray x) {
        NDList halves = x.split(2, 3);
        NDArray first = halves.get(0);
        NDArray second = halves.get(1);
        return first.mul(rotaryCos).sub(second.mul(rotarySin))
                .concat(second.mul(rotaryCos).add(first.mul(rotarySin)), 3);
    }

    /** @return the arrays as a list, the form DJL's {@code Block.forward} takes */
    public NDList toNDList() {
        NDList list = new NDList(tokens, positions, attentionBias);
        if (rotary()) {
            list.add(rotaryCos);
            list.add(rotarySin);
        }
        return list;
    }

    /**
     * @param list a list that holds {@link #toNDList()}'s arrays from {@code offset} on
     * @param offset where they start
     * @return the decoder input
     */
    public static DecoderInput fromNDList(NDList list, int offset) {
        boolean rotary = list.size() - offset == 5;
        return new DecoderInput(list.get(offset), list.get(offset + 1), list.get(offset + 2),
                rotary ? list.get(offset + 3) : null, rotary ? list.get(offset + 4) : null);
    }
}
