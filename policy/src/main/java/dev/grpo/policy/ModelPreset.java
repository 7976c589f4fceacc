package dev.grpo.policy;

/** Named model sizes; the vocabulary size comes from the tokenizer. */
public enum ModelPreset {
    /** A few thousand parameters: for tests. */
    TINY(128, 2, 32, 2, 64),
    /** About a million parameters: pretrains and runs RL on two CPU cores within the demo's budget. */
    DEMO(256, 4, 128, 4, 512);

    private final int maxLength;
    private final int layers;
    private final int width;
    private final int heads;
    private final int feedForwardWidth;

    ModelPreset(int maxLength, int layers, int width, int heads, int feedForwardWidth) {
        this.maxLength = maxLength;
        this.layers = layers;
        this.width = width;
        this.heads = heads;
        this.feedForwardWidth = feedForwardWidth;
    }

    /**
     * @param vocabularySize the tokenizer's vocabulary size
     * @return a rotary / RMSNorm / SwiGLU config of this size
     */
    public ModelConfig config(int vocabularySize) {
        return new ModelConfig(vocabularySize, maxLength, layers, width, heads, feedForwardWidth,
                PositionEncoding.ROTARY, Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000.0, 1e-5);
    }
}
