package dev.grpo.policy;

/**
 * One sequence to generate.
 *
 * @param promptIds the prompt's token ids (non-empty)
 * @param seed seeds this sequence's random draws: the same prompt, seed, settings and weights give the same tokens,
 *     whatever else is in the batch
 */
public record GenerationRequest(int[] promptIds, long seed) {
}
