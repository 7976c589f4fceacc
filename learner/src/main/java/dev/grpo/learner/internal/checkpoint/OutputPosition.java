package dev.grpo.learner.internal.checkpoint;

/**
 * The end of one partition of a topic the learner writes (stale, dead letters) when a checkpoint was taken: what the
 * learner forwarded past it came after the checkpoint, and is read back on resume.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the next offset to be written there at the checkpoint
 */
public record OutputPosition(String topic, int partition, long offset) {
}
