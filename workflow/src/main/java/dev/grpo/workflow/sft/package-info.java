/** Where {@code grpo sft} gets its examples: the {@code grpo.sft} topic or a JSONL file; and its progress line. */
package dev.grpo.workflow.sft;
