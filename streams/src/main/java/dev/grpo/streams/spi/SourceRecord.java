package dev.grpo.streams.spi;

import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A consumed record exactly as it arrived: its coordinates and its original key and value bytes,
 * which is what a dead letter must carry so that nothing is lost.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param key the original key bytes, or null
 * @param value the original value bytes, or null
 */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

    public SourceRecord {
        Objects.requireNonNull(topic, "topic");
    }

    /** The record being processed, with the coordinates the processor context knows for it. */
    public static SourceRecord of(ProcessorContext<?, ?> context, Record<byte[], byte[]> record) {
        RecordMetadata metadata = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("no source record metadata outside of process()"));
        return new SourceRecord(metadata.topic(), metadata.partition(), metadata.offset(), record.key(), record.value());
    }

    /** The same coordinates and key without the value: where to read the record back from its topic. */
    public SourceRecord withoutValue() {
        return new SourceRecord(topic, partition, offset, key, null);
    }

    /** The same coordinates and key with {@code bytes} as the value. */
    public SourceRecord withValue(byte[] bytes) {
        return new SourceRecord(topic, partition, offset, key, bytes);
    }

    /** Where the record came from, as {@code topic-partition@offset}. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceRecord that && topic.equals(that.topic) && partition == that.partition
                && offset == that.offset && Arrays.equals(key, that.key) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, Arrays.hashCode(key), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "SourceRecord[" + coordinates() + "]";
    }
}
