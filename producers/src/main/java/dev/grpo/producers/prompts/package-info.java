/**
 * Prompt sources: prompt files (JSON lines or Parquet, with field mapping and final-answer extraction), the prompts
 * topic, and the built-in synthetic task.
 */
package dev.grpo.producers.prompts;
