/** Optimisation of a {@link dev.grpo.policy.model.PolicyModel}: AdamW with warm-up, cosine decay and gradient clipping. */
package dev.grpo.policy.training;
