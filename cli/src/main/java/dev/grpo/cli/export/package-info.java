/**
 * {@code grpo export}: a topic's records, decoded with the project's serdes, to JSON lines or Parquet for offline
 * analysis.
 */
package dev.grpo.cli.export;
