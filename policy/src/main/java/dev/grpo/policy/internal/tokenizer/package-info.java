/**
 * Text to token ids and back: the {@link dev.grpo.policy.Tokenizer} contract (with the model's end and
 * padding ids), the built-in character tokenizer of the synthetic tasks, Hugging Face {@code tokenizer.json}
 * directories, and {@link dev.grpo.policy.ModelTokenizer}, which picks one for a model directory.
 */
package dev.grpo.policy.internal.tokenizer;
