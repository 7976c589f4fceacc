/**
 * Supervised fine-tuning of a policy checkpoint on prompt/completion pairs (rejection-sampled completions, a cold
 * start set, or a teacher's outputs for distillation), with the next-token loss on the completion tokens only.
 */
package dev.grpo.policy.finetune;
