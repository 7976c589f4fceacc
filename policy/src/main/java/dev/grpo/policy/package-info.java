/** The policy language model on DJL: tokenizer, causal transformer, sampler, scorer and checkpoints. */
package dev.grpo.policy;
