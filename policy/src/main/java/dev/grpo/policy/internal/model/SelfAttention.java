package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Causal self-attention over a window of a batch, optionally extending and attending over a {@link KvCache}. */
interface SelfAttention extends Block {

    /**
     * @param store the parameter store
     * @param x {@code [B, T, width]} normalised hidden states of the window
     * @param input the window's positions and mask
     * @param cache the cache to extend and attend over, or null to attend over the window only
     * @param layer this layer's index in the cache
     * @param training whether this is a training pass
     * @return {@code [B, T, width]}
     */
    NDArray attend(ParameterStore store, NDArray x, DecoderInput input, KvCache cache, int layer, boolean training);
}
