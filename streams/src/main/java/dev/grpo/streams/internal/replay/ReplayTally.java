package dev.grpo.streams.internal.replay;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts what a replay has written, by reading its advantages and dead-letter topics as a
 * {@code read_committed} consumer (so only what the apps committed counts): samples and the groups
 * they belong to, dead letters and the groups they name (every record is keyed by group id).
 */
public final class ReplayTally implements AutoCloseable {

    private final String advantagesTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<String> assembled = new HashSet<>();
    private final Set<String> deadLettered = new HashSet<>();
    private long samples;
    private long deadLetters;

    /** A tally of what a run writing to {@code outputs} on {@code cluster} has committed so far. */
    public ReplayTally(KafkaClusterConfig cluster, StreamTopics outputs) {
        this.advantagesTopic = outputs.advantages();
        this.consumer = new KafkaConsumer<>(cluster.client("grpo-replay", "tally", Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = Stream.of(advantagesTopic, outputs.deadLetters())
                .flatMap(topic -> consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what has been committed since the last call. */
    public void update() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            String group = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (record.topic().equals(advantagesTopic)) {
                samples++;
                assembled.add(group);
            } else {
                deadLetters++;
                if (group != null) {
                    deadLettered.add(group);
                }
            }
        }
    }

    public long samples() {
        return samples;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** How many of {@code groups} have been assembled. */
    public int assembled(Set<String> groups) {
        return (int) groups.stream().filter(assembled::contains).count();
    }

    /** How many of {@code groups} were not assembled but have a dead letter. */
    public int deadLettered(Set<String> groups) {
        return (int) groups.stream().filter(g -> !assembled.contains(g) && deadLettered.contains(g)).count();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
