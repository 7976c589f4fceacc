package dev.grpo.policy;

/**
 * A prompt and a completion to score.
 *
 * @param promptIds the prompt's token ids (non-empty)
 * @param completionIds the completion's token ids (non-empty), as sampled (end-of-sequence included when it was)
 */
public record ScoringRequest(int[] promptIds, int[] completionIds) {
}
