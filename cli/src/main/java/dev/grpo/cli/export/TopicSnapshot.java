package dev.grpo.cli.export;

import dev.grpo.cli.kafka.KafkaUnreachableException;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.ReplayPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A topic read from a start position up to the end offsets it had when the read began, with {@code read_committed}:
 * records produced meanwhile are not included, so an export of a live topic ends. No consumer group is joined and no
 * offset is committed.
 */
final class TopicSnapshot implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Map<TopicPartition, Long> ends;
    private final Map<TopicPartition, Long> starts = new HashMap<>();

    /**
     * @param cluster the cluster
     * @param topic the topic to read (its full name)
     * @param start where in each partition to begin
     * @throws IllegalArgumentException when the topic does not exist
     * @throws KafkaUnreachableException when the cluster does not answer
     */
    TopicSnapshot(KafkaClusterConfig cluster, String topic, ReplayPosition start) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(config(cluster), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic '" + topic + "' does not exist");
            }
            consumer.assign(partitions);
            this.ends = Map.copyOf(consumer.endOffsets(partitions));
            seek(partitions, start);
        } catch (TimeoutException e) {
            consumer.close();
            throw new KafkaUnreachableException(cluster.bootstrapServers(),
                    "no answer within " + PATIENCE.toSeconds() + " s");
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private static Map<String, Object> config(KafkaClusterConfig cluster) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        return cluster.client("grpo-export", "reader", config);
    }

    /** Seeks every partition to {@code start}: earliest, offset:N or timestamp:T (the command refuses version:V). */
    private void seek(List<TopicPartition> partitions, ReplayPosition start) {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> byTime = new HashMap<>();
        if (start instanceof ReplayPosition.Timestamp timestamp) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, timestamp.instant().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            partitions.forEach(p -> byTime.put(p, found.get(p) == null ? ends.get(p) : found.get(p).offset()));
        }
        for (TopicPartition partition : partitions) {
            long first = beginnings.get(partition);
            long offset = start instanceof ReplayPosition.Timestamp ? byTime.get(partition)
                    : start instanceof ReplayPosition.Offset at ? Math.max(first, at.offset()) : first;
            offset = Math.min(offset, ends.get(partition));
            starts.put(partition, offset);
            consumer.seek(partition, offset);
        }
    }

    /** @return how many offsets lie between the start and the end, an upper bound on the records to read */
    long span() {
        return ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.get(e.getKey())).sum();
    }

    /** @return the topic's partition count */
    int partitions() {
        return ends.size();
    }

    /**
     * Hands every record of the snapshot to {@code handler}, partition by partition in offset order, interleaved
     * across partitions as Kafka delivers them, until every partition is at its end or {@code max} records were
     * handed over.
     *
     * @param max the most records to hand over (0 = all)
     * @param handler takes each record
     * @return how many records were handed over
     * @throws IllegalStateException when the read makes no progress for a while (the cluster went away)
     */
    long read(long max, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        List<TopicPartition> open = new ArrayList<>(ends.keySet());
        pauseFinished(open);
        long count = 0;
        long positions = positions();
        long lastProgress = System.nanoTime();
        while (!open.isEmpty() && (max == 0 || count < max)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                        && (max == 0 || count < max)) {
                    handler.accept(record);
                    count++;
                }
            }
            long now = positions();
            pauseFinished(open);
            if (now != positions) {
                positions = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > PATIENCE.toNanos()) {
                throw new IllegalStateException("reading " + topic + " made no progress for " + PATIENCE.toSeconds()
                        + " s before its end offsets were reached");
            }
        }
        return count;
    }

    private long positions() {
        return ends.keySet().stream().mapToLong(consumer::position).sum();
    }

    /** Pauses the partitions that reached their end, so nothing past the snapshot is fetched, and drops them. */
    private void pauseFinished(List<TopicPartition> open) {
        List<TopicPartition> finished = open.stream().filter(p -> consumer.position(p) >= ends.get(p)).toList();
        if (!finished.isEmpty()) {
            consumer.pause(finished);
            open.removeAll(finished);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
