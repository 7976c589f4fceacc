/**
 * The pretraining job: {@link dev.grpo.workflow.pretrain.PretrainRun} trains a base policy from scratch on a
 * synthetic task's corpus and writes a checkpoint; {@code grpo pretrain} is only its picocli adapter.
 */
package dev.grpo.workflow.pretrain;
