package dev.grpo.workflow.eval;

/**
 * How an evaluation samples: k completions per prompt at the given temperature and nucleus, as in the DeepSeek-R1
 * paper's pass@1 (T = 0.6, top-p 0.95).
 *
 * @param k completions per prompt
 * @param temperature sampling temperature
 * @param topP nucleus mass
 * @param maxNewTokens token budget per completion
 * @param batchSize sequences sampled at once; as one ends the next starts (continuous batching)
 * @param seed seeds every completion
 */
public record EvalConfig(int k, float temperature, float topP, int maxNewTokens, int batchSize, long seed) {

    /** The paper's sampling settings. */
    public static final float PAPER_TEMPERATURE = 0.6f;
    /** The paper's nucleus mass. */
    public static final float PAPER_TOP_P = 0.95f;

    /** Validates the counts. */
    public EvalConfig {
        if (k < 1 || maxNewTokens < 1 || batchSize < 1) {
            throw new IllegalArgumentException("k, max new tokens and batch size must be >= 1, got k=" + k
                    + ", max new tokens=" + maxNewTokens + ", batch size=" + batchSize);
        }
    }

    /** The paper's settings with k samples per prompt. */
    public static EvalConfig paper(int k, int maxNewTokens) {
        return new EvalConfig(k, PAPER_TEMPERATURE, PAPER_TOP_P, maxNewTokens, 64, 7);
    }
}
