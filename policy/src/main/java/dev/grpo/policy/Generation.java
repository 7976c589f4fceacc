package dev.grpo.policy;

/**
 * One generated sequence.
 *
 * @param tokenIds the new tokens, ending with the end-of-sequence id when {@code finishReason} is STOP
 * @param logProbs per token, {@code log softmax(logits / T)} of that token before top-p truncation (T = 1 when
 *     greedy); same length as {@code tokenIds}
 * @param finishReason why generation ended
 */
public record Generation(int[] tokenIds, float[] logProbs, FinishReason finishReason) {
}
