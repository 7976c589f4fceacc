package dev.grpo.policy.internal.model;

/**
 * What grouped-query attention reads of a Hugging Face model's config; {@link dev.grpo.policy.HfModelConfig}
 * implements it (see {@link TransformerShape} for why).
 */
public interface HfAttentionShape {

    /** @return key/value heads, each shared by a group of query heads */
    int kvHeads();

    /** @return the width of one head */
    int headWidth();

    /** @return whether the query, key and value projections have a bias */
    boolean qkvBias();

    /** @return whether the output projection has a bias */
    boolean outputBias();

    /** @return whether queries and keys are RMS-normalised per head */
    boolean qkNorm();
}
