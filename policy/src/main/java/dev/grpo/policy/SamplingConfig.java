package dev.grpo.policy;

/**
 * How to sample.
 *
 * @param temperature softmax temperature; 0 means greedy (argmax), whose log-probs are taken at temperature 1
 * @param topP nucleus mass in (0, 1]; 1 samples from the full distribution
 * @param maxNewTokens at most this many tokens per sequence (fewer when the model's max length comes first)
 * @param stopAtEndOfSequence whether sampling the end-of-sequence token ends a sequence; false keeps going to the
 *     token budget (vLLM's {@code ignore_eos}), for benchmarks that need a fixed number of tokens
 */
public record SamplingConfig(float temperature, float topP, int maxNewTokens, boolean stopAtEndOfSequence) {

    /** Validates the ranges. */
    public SamplingConfig {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must lie in (0, 1], got " + topP);
        }
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("max new tokens must be > 0, got " + maxNewTokens);
        }
    }

    /**
     * Settings that stop at the end-of-sequence token.
     *
     * @param temperature softmax temperature; 0 means greedy
     * @param topP nucleus mass in (0, 1]
     * @param maxNewTokens the token budget per sequence
     */
    public SamplingConfig(float temperature, float topP, int maxNewTokens) {
        this(temperature, topP, maxNewTokens, true);
    }

    /** @return whether this is greedy decoding */
    public boolean greedy() {
        return temperature == 0f;
    }

    /**
     * @param temperature a sampling temperature (0 = greedy)
     * @return the temperature the logits are divided by before the log-softmax: 1 for greedy
     */
    public static float logProbTemperature(float temperature) {
        return temperature == 0f ? 1f : temperature;
    }
}
