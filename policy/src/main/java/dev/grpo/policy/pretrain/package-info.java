/** Pretraining a base policy from scratch: next-token loss on a text corpus, AdamW, progress reporting. */
package dev.grpo.policy.pretrain;
