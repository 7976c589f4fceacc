package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import dev.grpo.policy.internal.model.CausalTransformer;
import dev.grpo.policy.internal.model.DecoderInput;
import dev.grpo.policy.internal.model.KvCache;

/**
 * One forward pass of the samplers: the log-probs of every row's next token, {@code log softmax(logits / T)} at
 * the window's last column (T = 1 when greedy), the numbers {@link CompletionScorer} computes for the same tokens.
 */
final class NextTokenLogProbs {

    private NextTokenLogProbs() {
    }

    /**
     * @param model the policy
     * @param input the window, created in a manager the caller closes after this returns
     * @param cache the cache to extend and attend over, or null
     * @param settings the temperature
     * @return {@code [B, vocabulary]} flattened
     */
    static float[] of(PolicyModel model, DecoderInput input, KvCache cache, SamplingConfig settings) {
        CausalTransformer network = model.block();
        ParameterStore store = model.parameterStore();
        NDArray last = network.hiddenStates(store, input, cache, false).get(new NDIndex(":, -1:, :"));
        NDArray logits = network.logits(store, last, false);
        NDArray temperature = Scalar.like(logits, SamplingConfig.logProbTemperature(settings.temperature()));
        return logits.div(temperature).logSoftmax(-1).toFloatArray();
    }
}
