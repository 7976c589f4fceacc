/** Prompt sources: JSONL files, the prompts topic, and the built-in synthetic task. */
package dev.grpo.producers.prompts;
