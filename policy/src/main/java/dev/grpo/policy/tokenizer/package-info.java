/**
 * Text to token ids and back: the {@link dev.grpo.policy.tokenizer.Tokenizer} contract, a built-in
 * character tokenizer for the synthetic tasks, and a wrapper around HuggingFace {@code tokenizer.json} files.
 */
package dev.grpo.policy.tokenizer;
