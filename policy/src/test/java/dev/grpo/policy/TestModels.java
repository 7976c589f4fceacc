package dev.grpo.policy;

import ai.djl.Device;

/** Small models for tests: a 16-id vocabulary keeps the end-of-sequence token likely, so lengths vary. */
public final class TestModels {

    /** Vocabulary of the test models. */
    public static final int VOCABULARY = 16;
    /** Padding id of the test models. */
    public static final int PAD = 0;
    /** End-of-sequence id of the test models. */
    public static final int EOS = 1;

    private TestModels() {
    }

    /** @return the TINY preset: rotary positions, RMSNorm, SwiGLU */
    public static ModelConfig rotary() {
        return ModelPreset.TINY.config(VOCABULARY);
    }

    /** @return the other choices: learned positions, LayerNorm, GELU */
    public static ModelConfig learned() {
        return new ModelConfig(VOCABULARY, 64, 2, 32, 4, 48, PositionEncoding.LEARNED, Normalization.LAYER_NORM,
                FeedForwardKind.GELU, 10_000.0, 1e-5);
    }

    /**
     * @param config the shape
     * @param seed the weight seed
     * @return a CPU model
     */
    public static PolicyModel create(ModelConfig config, long seed) {
        return PolicyModel.create(config, seed, Device.cpu());
    }

    /**
     * @param length how many ids
     * @param salt varies the content
     * @return a deterministic prompt of ids in [2, VOCABULARY)
     */
    public static int[] prompt(int length, int salt) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 2 + Math.floorMod(salt * 7 + i * 5 + i * i, VOCABULARY - 2);
        }
        return ids;
    }
}
