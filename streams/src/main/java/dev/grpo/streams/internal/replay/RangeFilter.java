package dev.grpo.streams.internal.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Keeps a replay's stream apps inside its range: a consumer interceptor on their main consumer
 * that drops every rollout outside the replayed offsets, so the unchanged live topologies never
 * see rollouts written after the range's end (live generation goes on while a replay runs).
 * Records of other topics pass untouched. The consumer's next offsets are kept, so the apps still
 * move past what was dropped.
 */
public final class RangeFilter implements ConsumerInterceptor<byte[], byte[]> {

    /** The consumer config key carrying the range, as {@code topic|partition:start:end,...}. */
    public static final String RANGE_CONFIG = "grpo.replay.range";

    private String topic;
    private Map<Integer, PartitionRange> ranges = Map.of();

    /** The Kafka Streams properties installing this filter for {@code bounds} on an app's main consumer. */
    public static Map<String, String> streamsProperties(ReplayBounds bounds) {
        return Map.of(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG), RangeFilter.class.getName(),
                StreamsConfig.mainConsumerPrefix(RANGE_CONFIG), encode(bounds));
    }

    static String encode(ReplayBounds bounds) {
        return bounds.topic() + "|" + bounds.partitions().stream()
                .map(p -> p.partition() + ":" + p.start() + ":" + p.end()).collect(Collectors.joining(","));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(RANGE_CONFIG);
        if (value == null) {
            throw new IllegalArgumentException(RangeFilter.class.getSimpleName() + " needs the config " + RANGE_CONFIG);
        }
        String text = value.toString();
        int bar = text.indexOf('|');
        topic = text.substring(0, bar);
        Map<Integer, PartitionRange> parsed = new HashMap<>();
        for (String part : text.substring(bar + 1).split(",")) {
            if (!part.isEmpty()) {
                String[] fields = part.split(":");
                PartitionRange range = new PartitionRange(Integer.parseInt(fields[0]), Long.parseLong(fields[1]),
                        Long.parseLong(fields[2]));
                parsed.put(range.partition(), range);
            }
        }
        ranges = Map.copyOf(parsed);
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
            if (!partition.topic().equals(topic)) {
                kept.put(partition, inPartition);
                continue;
            }
            PartitionRange range = ranges.get(partition.partition());
            List<ConsumerRecord<byte[], byte[]>> inRange = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : inPartition) {
                if (range != null && range.contains(record.offset())) {
                    inRange.add(record);
                }
            }
            if (!inRange.isEmpty()) {
                kept.put(partition, inRange);
            }
        }
        return new ConsumerRecords<>(kept, records.nextOffsets());
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // Nothing to do on commit: the filter holds no state.
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
