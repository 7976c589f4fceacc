package dev.grpo.tests.learner;

import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Bad input never reaches the loss: each bad record goes to the dead-letter topic with the reason, and the learner
 * keeps training on everything else (a group trains on its remaining good members).
 */
@ExtendWith(KafkaClusterExtension.class)
class LearnerBadInputTest {

    @Test
    void badSamplesAreDeadLetteredWithTheReasonAndTheLearnerContinues(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        LearnerTopics topics = LearnerHarness.createTopics(cluster, 1);
        List<Integer> three = List.of(5, 6, 7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, topics, LearnerHarness.sample("a", 0, 2, 0), LearnerHarness.sample("a", 1, 2, 0));
            send(producer, topics,
                    LearnerHarness.sample("b", 0, 2, 0, three, List.of(-1f, -1f, -1f), Double.NaN),
                    LearnerHarness.sample("b", 1, 2, 0));
            send(producer, topics,
                    LearnerHarness.sample("c", 0, 2, 0, three, List.of(-1f, Float.NEGATIVE_INFINITY, -1f), 1.0),
                    LearnerHarness.sample("c", 1, 2, 0, three, List.of(-1f, -1f), -1.0));
            send(producer, topics,
                    LearnerHarness.sample("d", 0, 2, 0, List.of(), List.of(), 1.0),
                    LearnerHarness.sample("d", 1, 2, 0));
            producer.send(new ProducerRecord<>(topics.advantages(), 0, "e".getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}));
            send(producer, topics, LearnerHarness.sample("f", 0, 2, 0), LearnerHarness.sample("f", 1, 2, 0));
            producer.flush();
        }
        Path checkpoints = dir.resolve("checkpoints");
        LearnerConfig config = LearnerHarness.config(cluster, topics,
                LearnerHarness.initialCheckpoint(dir.resolve("initial")), checkpoints, 1, 10, 4, 0.001, 1);

        LearnerRunner runner = new LearnerRunner();
        runner.runToCompletion(config);

        assertThat(LearnerHarness.trainedGroups(checkpoints)).containsExactly("a", "b", "d", "f");
        List<ConsumerRecord<byte[], byte[]>> letters = cluster.read(topics.deadLetters(), 5,
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of());
        assertThat(letters).hasSize(5);
        List<DeadLetter> decoded = letters.stream().map(r -> RecordSerdes.deadLetter().decode(r)).toList();
        assertThat(decoded).extracting(l -> l.getSourceOffset(), l -> l.getErrorType().toString())
                .containsExactly(
                        tuple(2L, "NON_FINITE_ADVANTAGE"),
                        tuple(4L, "NON_FINITE_LOG_PROB"),
                        tuple(5L, "LENGTH_MISMATCH"),
                        tuple(6L, "EMPTY_COMPLETION"),
                        tuple(8L, "TRUNCATED"));
        assertThat(decoded).allSatisfy(letter -> {
            assertThat(letter.getSourceTopic().toString()).isEqualTo(topics.advantages());
            assertThat(letter.getStage().toString()).isEqualTo(config.learnerId());
            assertThat(letter.getOriginalValue()).isNotNull();
        });
        assertThat(decoded.get(0).getReason().toString()).contains("advantage is NaN");
        assertThat(decoded.get(1).getReason().toString()).contains("-Infinity");
        assertThat(decoded.get(2).getReason().toString()).contains("3 completion tokens but 2 behaviour log-probs");
        assertThat(decoded.get(3).getReason().toString()).contains("completion_token_ids is empty");
        assertThat(runner.registry.find("grpo.learner.dead.letters").counters())
                .extracting(c -> c.getId().getTag("reason"), c -> c.count())
                .containsExactlyInAnyOrder(tuple("NON_FINITE_ADVANTAGE", 1.0), tuple("NON_FINITE_LOG_PROB", 1.0),
                        tuple("LENGTH_MISMATCH", 1.0), tuple("EMPTY_COMPLETION", 1.0), tuple("TRUNCATED", 1.0));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, LearnerTopics topics, AdvantageSample... samples) {
        for (AdvantageSample sample : samples) {
            producer.send(LearnerHarness.record(topics.advantages(), sample, 1));
        }
    }
}
