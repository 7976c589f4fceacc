/**
 * What the Hugging Face tokenizers of {@code dev.grpo.policy} read besides the vocabulary: a model directory's
 * {@code tokenizer_config.json} and {@code generation_config.json}, and the error for a directory that holds no
 * valid tokenizer.
 */
package dev.grpo.policy.internal.tokenizer;
