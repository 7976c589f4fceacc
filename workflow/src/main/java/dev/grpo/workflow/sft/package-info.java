/**
 * The SFT job: {@link dev.grpo.workflow.sft.SftRun} fine-tunes a checkpoint on the examples of an
 * {@link dev.grpo.workflow.sft.SftSource} (the {@code grpo.sft} topic or a JSONL file), with its progress line;
 * {@code grpo sft} is only its picocli adapter.
 */
package dev.grpo.workflow.sft;
