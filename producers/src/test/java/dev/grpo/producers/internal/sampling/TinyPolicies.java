package dev.grpo.producers.internal.sampling;

import ai.djl.Device;
import dev.grpo.policy.FeedForwardKind;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.Normalization;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.PositionEncoding;
import dev.grpo.policy.CharTokenizer;

/** Policies small enough for unit tests, over the built-in character vocabulary. */
public final class TinyPolicies {

    private TinyPolicies() {
    }

    /** @return a one-layer, 16-wide model with a 40-token context */
    public static ModelConfig config() {
        return new ModelConfig(new CharTokenizer().vocabularySize(), 40, 1, 16, 2, 32, PositionEncoding.ROTARY,
                Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000.0, 1e-5);
    }

    /**
     * @param seed the weight seed
     * @return a CPU model
     */
    public static PolicyModel model(long seed) {
        return PolicyModel.create(config(), seed, Device.cpu());
    }
}
