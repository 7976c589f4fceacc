package dev.grpo.tests.streams;

import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An external reward consumer as streams/README.md describes one: its own consumer group on the
 * rollouts, one {@code RewardScore} per rollout on {@code grpo.rewards.length} (the rollout's key
 * and partition), in transactions that commit the consumed offsets. The score is the number of
 * completion tokens divided by 10.
 */
final class LengthRewardConsumer implements Runnable {

    static final String COMPONENT = "length";

    private final KafkaCluster kafka;
    private final StreamTopics topics;
    private final AtomicBoolean running = new AtomicBoolean(true);

    LengthRewardConsumer(KafkaCluster kafka, StreamTopics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    static double score(Rollout rollout) {
        return rollout.getCompletionTokenIds().size() / 10.0;
    }

    @Override
    public void run() {
        Map<String, Object> consumerConfig = kafka.consumerConfig();
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "reward-" + COMPONENT);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> producerConfig = kafka.producerConfig();
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.prefix() + "reward-" + COMPONENT);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(topics.rollouts()));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    scoreInTransaction(consumer, producer, batch);
                }
            }
        }
    }

    private void scoreInTransaction(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
            ConsumerRecords<byte[], byte[]> batch) {
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            Rollout rollout = RecordSerdes.rollout().decode(record);
            RewardScore score = RewardScore.newBuilder()
                    .setRolloutId(rollout.getRolloutId())
                    .setGroupId(rollout.getGroupId())
                    .setIndex(rollout.getIndex())
                    .setGroupSize(rollout.getGroupSize())
                    .setComponent(COMPONENT)
                    .setValue(score(rollout))
                    .setRewardVersion("length-test")
                    .setScoredAt(Instant.now())
                    .build();
            producer.send(new ProducerRecord<>(topics.rewards(COMPONENT), record.partition(), record.key(),
                    RecordSerdes.rewardScore().encode(score)));
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
    }

    void stop() {
        running.set(false);
    }
}
