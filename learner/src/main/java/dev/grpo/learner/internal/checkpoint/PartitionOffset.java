package dev.grpo.learner.internal.checkpoint;

import java.util.List;

/**
 * One partition's resume point as stored in a checkpoint.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset seek here on resume
 * @param handled offsets at or above {@code offset} already done, to skip
 */
public record PartitionOffset(String topic, int partition, long offset, List<Long> handled) {
}
