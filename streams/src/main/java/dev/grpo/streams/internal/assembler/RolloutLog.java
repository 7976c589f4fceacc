package dev.grpo.streams.internal.assembler;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads rollouts back from their topic by offset. The assembler's member store keeps only where a
 * waiting rollout lies in the log (the log already holds its bytes, for as long as its retention),
 * so after a restart or rebalance, or when a long wait pushed a rollout out of memory, its bytes
 * come from here. Opens its consumer on first use: most tasks never need one.
 */
final class RolloutLog implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The app's own client properties (bootstrap servers, security), which this reader connects with. */
    private final Map<String, Object> connection;
    private KafkaConsumer<byte[], byte[]> consumer;

    /** A reader connecting as the app with configuration {@code appConfigs} does. */
    RolloutLog(Map<String, Object> appConfigs) {
        this.connection = new HashMap<>(appConfigs);
        connection.keySet().retainAll(ConsumerConfig.configNames());
        connection.keySet().removeAll(List.of(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                ConsumerConfig.CLIENT_ID_CONFIG));
    }

    /**
     * The committed records of {@code topic}-{@code partition} from {@code first} to {@code last}
     * (inclusive) that are still in the log, by offset: those retention has deleted are missing.
     *
     * @throws IllegalStateException if they cannot be read in time (the broker is unreachable)
     */
    Map<Long, byte[]> read(String topic, int partition, long first, long last) {
        TopicPartition where = new TopicPartition(topic, partition);
        KafkaConsumer<byte[], byte[]> reader = consumer();
        reader.assign(List.of(where));
        long start = Math.max(first, reader.beginningOffsets(List.of(where), PATIENCE).get(where));
        if (start > last) {
            return Map.of();
        }
        reader.seek(where, start);
        Map<Long, byte[]> values = new HashMap<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (reader.position(where) <= last) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read back " + where + " offsets " + start + ".." + last
                        + " within " + PATIENCE);
            }
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                if (record.offset() >= first && record.offset() <= last) {
                    values.put(record.offset(), record.value());
                }
            }
        }
        return values;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> config = new HashMap<>(connection);
            config.putAll(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    // Retention may delete the log's start between asking for it and fetching: read on from the new one.
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            consumer = new KafkaConsumer<>(config);
        }
        return consumer;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
