/**
 * Where a generator's prompts come from: the prompts topic (one consumer group for all generators) and the built-in
 * synthetic task; prompt files are read by the API package's {@code PromptFile}.
 */
package dev.grpo.producers.internal.prompts;
