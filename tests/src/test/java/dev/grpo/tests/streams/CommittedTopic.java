package dev.grpo.tests.streams;

import dev.grpo.tests.kafka.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the stream apps have committed to one topic, read from its beginning as a read_committed consumer sees it. */
final class CommittedTopic implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    CommittedTopic(KafkaCluster kafka, String topic) {
        Map<String, Object> config = kafka.consumerConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far, in the order read. */
    List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(records);
    }

    /** Reads until what was read satisfies {@code done} or {@code patience} has passed; returns what was read. */
    List<ConsumerRecord<byte[], byte[]>> readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.test(records) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records();
    }

    /**
     * Reads up to the last stable offset of every partition as it is now: once the apps have committed all their
     * input, that is everything they will ever write here.
     */
    List<ConsumerRecord<byte[], byte[]>> readToCommittedEnd(Duration patience) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        return readUntil(read -> ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue()),
                patience);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
