package dev.grpo.workflow.sft;

import dev.grpo.records.SftExample;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordDecodingException;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A topic of {@link SftExample}s read as a fixed training set: every committed record up to the end offsets seen
 * when reading starts ({@code read_committed}, no consumer group), so examples the filter adds meanwhile wait for the
 * next run. A record that does not decode is reported and skipped.
 *
 * @param cluster the cluster
 * @param topic the topic's full name, e.g. {@code grpo.sft}
 * @param timeout how long to wait for the cluster and for each further batch of records
 */
public record SftTopic(KafkaClusterConfig cluster, String topic, Duration timeout) {

    /**
     * @param warnings told about every record skipped
     * @return the examples, in partition order
     * @throws IllegalStateException when the topic does not exist, or the cluster does not answer in time
     */
    public List<SftExample> read(Consumer<String> warnings) {
        RecordSerde<SftExample> serde = RecordSerdes.sftExample();
        List<SftExample> examples = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long waitingSince = System.nanoTime();
            while (!reached(consumer, ends)) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    waitingSince = System.nanoTime();
                } else if (System.nanoTime() - waitingSince > timeout.toNanos()) {
                    throw new IllegalStateException("no records from " + topic + " for " + timeout.toSeconds()
                            + " s before its end offsets " + ends);
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        decode(serde, record, warnings, examples);
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster at " + cluster.bootstrapServers() + " did not answer within "
                    + timeout.toSeconds() + " s: " + e.getMessage(), e);
        }
        return examples;
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist on " + cluster.bootstrapServers()
                    + " (the rejection-sampling filter, 'grpo reject', creates and fills it)");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static void decode(RecordSerde<SftExample> serde, ConsumerRecord<byte[], byte[]> record,
                               Consumer<String> warnings, List<SftExample> examples) {
        if (record.value() == null) {
            warnings.accept(String.format(Locale.ROOT, "%s-%d@%d: no value; skipped", record.topic(),
                    record.partition(), record.offset()));
            return;
        }
        try {
            examples.add(serde.decode(record));
        } catch (RecordDecodingException e) {
            warnings.accept(e.getMessage() + "; skipped");
        }
    }

    private Map<String, Object> config() {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return cluster.client("grpo-sft", "reader", Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
