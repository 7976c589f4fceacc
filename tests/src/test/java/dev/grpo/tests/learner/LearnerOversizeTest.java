package dev.grpo.tests.learner;

import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records too large for the learner's outputs are never lost: a 1.2 MB record on the advantages topic reaches the
 * dead-letter topic whole when that topic takes it, and with its coordinates and a bounded prefix of its bytes when it
 * does not (Kafka's default 1 MiB limit); a stale sample too large for the stale topic is dead-lettered instead.
 */
@ExtendWith(KafkaClusterExtension.class)
class LearnerOversizeTest {

    private static final int MIB = 1024 * 1024;
    private static final int GARBAGE_BYTES = 1_200_000;

    @Test
    void aRecordOfOnePointTwoMegabytesIsDeadLetteredWholeWhenTheTopicTakesIt(KafkaCluster cluster,
                                                                               @TempDir Path dir) throws Exception {
        LearnerTopics topics = topics(cluster, 16 * MIB);
        byte[] garbage = garbage();
        produce(cluster, topics, garbage, LearnerHarness.sample("a", 0, 1, 0));

        train(cluster, topics, dir, 1);

        DeadLetter letter = onlyDeadLetter(cluster, topics);
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(bytes(letter.getOriginalValue())).isEqualTo(garbage);
        assertThat(letter.getOriginalValueSize()).isNull();
    }

    @Test
    void aRecordTooLargeForTheDeadLetterTopicIsDeadLetteredWithABoundedPrefix(KafkaCluster cluster,
                                                                              @TempDir Path dir) throws Exception {
        LearnerTopics topics = topics(cluster, 0);
        byte[] garbage = garbage();
        produce(cluster, topics, garbage, LearnerHarness.sample("a", 0, 1, 0));

        train(cluster, topics, dir, 1);

        DeadLetter letter = onlyDeadLetter(cluster, topics);
        assertThat(letter.getSourceTopic().toString()).isEqualTo(topics.advantages());
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(letter.getOriginalValueSize()).isEqualTo((long) GARBAGE_BYTES);
        byte[] prefix = bytes(letter.getOriginalValue());
        assertThat(prefix.length).isGreaterThan(512 * 1024).isLessThan(MIB);
        assertThat(prefix).isEqualTo(Arrays.copyOf(garbage, prefix.length));
        assertThat(letter.getReason().toString()).contains("truncated");
    }

    @Test
    void aStaleSampleTooLargeForTheStaleTopicIsDeadLetteredInstead(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        LearnerTopics topics = topics(cluster, 0);
        AdvantageSample huge = AdvantageSample.newBuilder(LearnerHarness.sample("old", 0, 1, 0))
                .setPromptId("p".repeat(GARBAGE_BYTES)).build();
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
            producer.send(LearnerHarness.record(topics.advantages(), LearnerHarness.sample("a", 0, 1, 0), 1));
            producer.send(LearnerHarness.record(topics.advantages(), LearnerHarness.sample("b", 0, 1, 0), 1));
            producer.send(LearnerHarness.record(topics.advantages(), huge, 1));
            producer.send(LearnerHarness.record(topics.advantages(), LearnerHarness.sample("c", 0, 1, 2), 1));
            producer.flush();
        }

        train(cluster, topics, dir, 3);

        DeadLetter letter = onlyDeadLetter(cluster, topics);
        assertThat(letter.getErrorType().toString()).isEqualTo("STALE_TOO_LARGE");
        assertThat(letter.getSourceOffset()).isEqualTo(2);
        assertThat(letter.getOriginalValueSize()).isGreaterThan((long) GARBAGE_BYTES);
        assertThat(LearnerHarness.trainedGroups(dir.resolve("checkpoints"))).containsExactly("a", "b", "c");
    }

    /** Advantages topic taking 8 MiB records; dead-letter topic taking {@code deadLetterLimit} (0 = Kafka's default). */
    private static LearnerTopics topics(KafkaCluster cluster, int deadLetterLimit) throws Exception {
        String advantages = cluster.uniqueName("advantages");
        String deadLetters = cluster.uniqueName("dlq");
        NewTopic dlq = new NewTopic(deadLetters, 1, (short) 1);
        if (deadLetterLimit > 0) {
            dlq.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(deadLetterLimit)));
        }
        cluster.admin().createTopics(List.of(new NewTopic(advantages, 1, (short) 1)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(8 * MIB))), dlq)).all().get();
        return new LearnerTopics(advantages, cluster.createTopic("stale", 1), cluster.createTopic("versions", 1),
                deadLetters);
    }

    private static byte[] garbage() {
        byte[] garbage = new byte[GARBAGE_BYTES];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x00;
        return garbage;
    }

    private static void produce(KafkaCluster cluster, LearnerTopics topics, byte[] garbage, AdvantageSample after) {
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
            producer.send(new ProducerRecord<>(topics.advantages(), 0, "x".getBytes(StandardCharsets.UTF_8),
                    garbage));
            producer.send(LearnerHarness.record(topics.advantages(), after, 1));
            producer.flush();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaCluster cluster) {
        Map<String, Object> config = cluster.producerConfig();
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * MIB);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** One group per step, η = 1, until {@code steps} steps. */
    private static void train(KafkaCluster cluster, LearnerTopics topics, Path dir, int steps) throws Exception {
        LearnerConfig config = LearnerHarness.config(cluster, topics,
                LearnerHarness.initialCheckpoint(dir.resolve("initial")), dir.resolve("checkpoints"), 1, 1, steps,
                0, 1);
        new LearnerRunner().runToCompletion(config);
    }

    private static DeadLetter onlyDeadLetter(KafkaCluster cluster, LearnerTopics topics) {
        List<ConsumerRecord<byte[], byte[]>> letters = LearnerHarness.readAll(cluster, topics.deadLetters());
        assertThat(letters).hasSize(1);
        return RecordSerdes.deadLetter().decode(letters.get(0));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
