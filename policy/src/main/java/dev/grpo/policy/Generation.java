package dev.grpo.policy;

/**
 * One generated sequence.
 *
 * @param tokenIds the new tokens, ending with the end-of-sequence id when {@code finishReason} is STOP
 * @param logProbs per token, {@code log softmax(logits / T)} of that token before top-p truncation (T = 1 when
 *     greedy); same length as {@code tokenIds}
 * @param finishReason why generation ended
 * @param versions per token, the version of the {@link LiveWeights} that drew it (non-decreasing; all 0 when the
 *     weights did not change); same length as {@code tokenIds}
 */
public record Generation(int[] tokenIds, float[] logProbs, FinishReason finishReason, long[] versions) {

    /** @return whether the weights changed while this sequence was sampled */
    public boolean spansVersions() {
        return versions.length > 0 && versions[0] != versions[versions.length - 1];
    }
}
