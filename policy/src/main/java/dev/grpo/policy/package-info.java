/**
 * The policy language model on DJL, as other modules use it: a {@link dev.grpo.policy.ModelDirectory} (checkpoint,
 * tokenizer and prompt format), the {@link dev.grpo.policy.PolicyModel} and its {@link dev.grpo.policy.ModelConfig},
 * batched sampling ({@link dev.grpo.policy.Sampler}), teacher-forced scoring ({@link dev.grpo.policy.CompletionScorer}),
 * optimisation ({@link dev.grpo.policy.AdamW}), safetensors checkpoints ({@link dev.grpo.policy.Checkpoint}), the
 * synthetic arithmetic task, supervised fine-tuning ({@link dev.grpo.policy.FineTuner}) and pretraining
 * ({@link dev.grpo.policy.Pretrainer}). This is the one package other modules may use; the transformer's blocks,
 * safetensors, chat-template rendering and the PyTorch-engine adapter live under {@code dev.grpo.policy.internal}
 * and may change without notice.
 */
package dev.grpo.policy;
