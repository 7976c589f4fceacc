package dev.grpo.policy.internal.model;

/**
 * What the transformer's blocks read of a model's shape. {@link dev.grpo.policy.ModelConfig} implements it, so the
 * blocks depend on this package only and the API package stays the one that depends on its internals, never the
 * other way round.
 */
public interface TransformerShape {

    /** @return number of token ids */
    int vocabularySize();

    /** @return the longest sequence (prompt plus completion) the model handles */
    int maxLength();

    /** @return number of decoder layers */
    int layers();

    /** @return the model (residual stream) width, d_model */
    int width();

    /** @return attention (query) heads */
    int heads();

    /** @return hidden width of each MLP */
    int feedForwardWidth();

    /** @return whether a learned embedding per position is added to the token embedding */
    boolean learnedPositions();

    /** @return whether queries and keys are rotated by their position (rotary embeddings) */
    boolean rotaryPositions();

    /** @return whether the pre-norms are RMSNorm (else LayerNorm) */
    boolean rmsNorm();

    /** @return whether each MLP of the project's own layout is SwiGLU (else GELU) */
    boolean swiGlu();

    /** @return the epsilon inside the norms */
    double normEpsilon();

    /** @return the Hugging Face attention layout, or null for the project's own layout */
    HfAttentionShape huggingFace();

    /** @return whether the model has the Hugging Face layout (and block names) */
    boolean isHuggingFace();

    /** @return whether the LM head shares the token embedding's weights */
    boolean tiedEmbeddings();

    /** @return the rotary inverse frequencies, one per pair of head dimensions */
    double[] rotaryFrequencies();
}
