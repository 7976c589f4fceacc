package dev.grpo.learner.internal.batch;

import dev.grpo.records.AdvantageSample;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A decoded, valid advantage sample and where it was read from (for offsets, and for forwarding its bytes).
 *
 * @param sample the record
 * @param partition the partition it was read from
 * @param offset its offset there
 * @param key its key bytes
 * @param value its value bytes, unchanged
 */
public record ReceivedSample(AdvantageSample sample, TopicPartition partition, long offset, byte[] key,
                             byte[] value) {

    /** @return the number of completion tokens */
    public int completionLength() {
        return sample.getCompletionTokenIds().size();
    }

    /** @return the record as it was read (topic, partition, offset, key and value) */
    public ConsumerRecord<byte[], byte[]> record() {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, key, value);
    }
}
