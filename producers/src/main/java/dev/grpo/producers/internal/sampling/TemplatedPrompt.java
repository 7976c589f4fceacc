package dev.grpo.producers.internal.sampling;

import dev.grpo.records.Prompt;

/**
 * A prompt with its template applied and encoded, known to fit the model.
 *
 * @param prompt the prompt as it came
 * @param text the templated text the model sees
 * @param tokenIds its token ids
 */
public record TemplatedPrompt(Prompt prompt, String text, int[] tokenIds) {
}
