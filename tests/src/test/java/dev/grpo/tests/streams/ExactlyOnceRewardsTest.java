package dev.grpo.tests.streams;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.RewardScore;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import dev.grpo.tests.streams.RewardStages.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Exactly-once: the reward apps are killed mid-run (SIGKILL of their JVM, no clean close) and
 * restarted on the same state; every rollout still yields exactly one advantage and one score per
 * rule component, whether the rules run in the assembler or in an app of their own.
 */
@ExtendWith(KafkaClusterExtension.class)
class ExactlyOnceRewardsTest {

    private static final int GROUP_SIZE = 4;
    private static final int GROUPS_PER_BATCH = 60;
    private static final Duration RECOVERY_PATIENCE = Duration.ofSeconds(120);

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void killingTheAppsMidRunLosesAndDuplicatesNoAdvantage(Deployment deployment, KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        StreamTopics topics = RewardStages.topics(kafka, "eos");
        RewardStages.createTopics(kafka, topics);
        int expected = 2 * GROUPS_PER_BATCH * GROUP_SIZE;
        try (RolloutRecords rollouts = new RolloutRecords(kafka, topics);
                KafkaConsumer<byte[], byte[]> advantages = committedReader(kafka, topics)) {
            publishBatch(rollouts, 0);
            Process first = RewardStagesProcess.start(kafka, topics, dir, "first", deployment);
            List<AdvantageSample> seen = new ArrayList<>();
            try {
                readUntil(advantages, seen, GROUP_SIZE * 5);
                publishBatch(rollouts, 1);
            } finally {
                first.destroyForcibly().waitFor();
            }

            Process second = RewardStagesProcess.start(kafka, topics, dir, "second", deployment);
            try {
                readUntil(advantages, seen, expected);
                RewardStages.awaitAllConsumed(kafka, topics, deployment);
                drainToCommittedEnd(advantages, r -> seen.add(RecordSerdes.advantageSample().decode(r)));
            } finally {
                second.destroyForcibly().waitFor();
            }

            List<RewardScore> ruleScores = committedRuleScores(kafka, topics);
            assertThat(ruleScores).as("rule scores, one per component and rollout").hasSize(3 * expected);
            assertThat(ruleScores.stream().map(s -> s.getRolloutId() + "/" + s.getComponent()).distinct().count())
                    .isEqualTo(3L * expected);
            assertThat(committedDeadLetters(kafka, topics)).as("dead letters; a replay after the kill would show up here as duplicate members and rewards").isZero();
            assertThat(seen).hasSize(expected);
            assertThat(seen.stream().map(AdvantageSample::getRolloutId).distinct().count()).isEqualTo(expected);
            Map<String, List<AdvantageSample>> byGroup = seen.stream().collect(Collectors.groupingBy(AdvantageSample::getGroupId));
            assertThat(byGroup).hasSize(2 * GROUPS_PER_BATCH);
            byGroup.values().forEach(group -> {
                assertThat(group).hasSize(GROUP_SIZE);
                assertThat(group.stream().mapToDouble(AdvantageSample::getAdvantage).sum()).isCloseTo(0.0, within(1e-9));
            });
        }
    }

    private static void publishBatch(RolloutRecords rollouts, int batch) {
        for (int g = 0; g < GROUPS_PER_BATCH; g++) {
            rollouts.publishGroup("g-" + batch + "-" + g, GROUP_SIZE);
        }
        rollouts.flush();
    }

    /** How many dead letters were committed: a replay after the kill would have produced duplicate-member ones. */
    private static int committedDeadLetters(KafkaCluster kafka, StreamTopics topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(kafka, topics.deadLetters())) {
            List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
            drainToCommittedEnd(consumer, letters::add);
            return letters.size();
        }
    }

    /** The committed rule scores, whichever app published them. */
    private static List<RewardScore> committedRuleScores(KafkaCluster kafka, StreamTopics topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(kafka, topics.ruleRewards())) {
            List<RewardScore> scores = new ArrayList<>();
            drainToCommittedEnd(consumer, r -> scores.add(RecordSerdes.rewardScore().decode(r)));
            return scores;
        }
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(KafkaCluster kafka, StreamTopics topics) {
        return committedReader(kafka, topics.advantages());
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(KafkaCluster kafka, String topic) {
        Map<String, Object> config = kafka.consumerConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Reads whatever committed advantages remain: up to the last stable offset of every partition,
     * which, once the apps have committed all their input, is everything they will ever write.
     */
    private static void drainToCommittedEnd(KafkaConsumer<byte[], byte[]> consumer,
            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + RECOVERY_PATIENCE.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(sink);
        }
    }

    /** Reads committed advantages into {@code seen} until it holds {@code count} or the patience runs out. */
    private static void readUntil(KafkaConsumer<byte[], byte[]> consumer, List<AdvantageSample> seen, int count) {
        long deadline = System.nanoTime() + RECOVERY_PATIENCE.toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(RecordSerdes.advantageSample().decode(r)));
        }
    }
}
