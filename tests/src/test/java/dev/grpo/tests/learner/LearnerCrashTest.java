package dev.grpo.tests.learner;

import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.PolicyVersion;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once training across crashes: a learner in a child JVM is killed forcibly (no clean close, no final
 * checkpoint, Kafka clients abandoned) at random points several times and restarted; the checkpoints' ledger along the
 * final model's lineage holds every group exactly once, none lost, none from an aborted transaction.
 */
@ExtendWith(KafkaClusterExtension.class)
class LearnerCrashTest {

    private static final int PARTITIONS = 3;
    private static final int GROUPS = 30;
    private static final int STEPS = GROUPS / 2;
    private static final int KILLS = 3;

    @Test
    void everyGroupIsTrainedExactlyOnceInTheFinalLineageDespiteKills(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        LearnerTopics topics = LearnerHarness.createTopics(cluster, PARTITIONS);
        produceInterleavedWithAnAbortedTransaction(cluster, topics.advantages());
        Path initial = LearnerHarness.initialCheckpoint(dir.resolve("initial"));
        Path checkpoints = dir.resolve("checkpoints");
        String learnerId = cluster.uniqueName("crash-learner");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int killedMidRun = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process learner = start(cluster, topics, initial, checkpoints, learnerId, dir, kill);
            try {
                BlockingQueue<String> steps = LearnerProcess.stepLines(learner);
                int stepsBeforeKill = 1 + random.nextInt(3);
                boolean running = true;
                for (int seen = 0; seen < stepsBeforeKill && running; seen++) {
                    running = LearnerProcess.awaitStep(learner, steps);
                }
                Thread.sleep(random.nextInt(120));
                if (learner.isAlive()) {
                    killedMidRun++;
                }
            } finally {
                learner.destroyForcibly().waitFor();
            }
        }
        Process last = start(cluster, topics, initial, checkpoints, learnerId, dir, KILLS);
        LearnerProcess.stepLines(last);
        try {
            assertThat(last.waitFor(90, TimeUnit.SECONDS)).as("final run finished (seed %d)", seed).isTrue();
            assertThat(last.exitValue()).isZero();
        } finally {
            last.destroyForcibly().waitFor();
        }

        assertThat(killedMidRun).as("kills that hit a running learner (seed %d)", seed).isGreaterThanOrEqualTo(2);
        List<String> trained = LearnerHarness.trainedGroups(checkpoints);
        assertThat(trained).as("ledger along the final lineage (seed %d)", seed)
                .hasSize(GROUPS)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, GROUPS).mapToObj(i -> "g" + i).toList());
        assertThat(new CheckpointStore(checkpoints, 0).latest().orElseThrow().state().version()).isEqualTo(STEPS);
        List<ConsumerRecord<byte[], byte[]>> versions = cluster.read(topics.policyVersions(), 1,
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of());
        List<PolicyVersion> announced = versions.stream().map(r -> RecordSerdes.policyVersion().decode(r)).toList();
        assertThat(announced.get(announced.size() - 1).getVersion()).isEqualTo(STEPS);
    }

    /**
     * Both members of every group are far apart (all first members, then all second members), so a checkpoint always
     * has groups half read; an aborted transaction in the middle holds groups that must never be trained.
     */
    private static void produceInterleavedWithAnAbortedTransaction(KafkaCluster cluster, String topic) {
        Map<String, Object> config = cluster.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, cluster.uniqueName("advantages-writer"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            List<AdvantageSample> firsts = new ArrayList<>();
            List<AdvantageSample> seconds = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                firsts.add(LearnerHarness.sample("g" + g, 0, 2, 0));
                seconds.add(LearnerHarness.sample("g" + g, 1, 2, 0));
            }
            inTransaction(producer, topic, firsts);
            producer.beginTransaction();
            for (int g = 0; g < 4; g++) {
                producer.send(LearnerHarness.record(topic, LearnerHarness.sample("aborted" + g, 0, 2, 0), PARTITIONS));
                producer.send(LearnerHarness.record(topic, LearnerHarness.sample("aborted" + g, 1, 2, 0), PARTITIONS));
            }
            producer.flush();
            producer.abortTransaction();
            inTransaction(producer, topic, seconds);
        }
    }

    private static void inTransaction(KafkaProducer<byte[], byte[]> producer, String topic,
                                      List<AdvantageSample> samples) {
        producer.beginTransaction();
        samples.forEach(s -> producer.send(LearnerHarness.record(topic, s, PARTITIONS)));
        producer.commitTransaction();
    }

    private static Process start(KafkaCluster cluster, LearnerTopics topics, Path initial, Path checkpoints,
                                 String learnerId, Path dir, int run) throws Exception {
        return LearnerProcess.launch(dir.resolve("learner-" + run + ".err"), cluster.bootstrapServers(),
                topics.advantages(), topics.stale(), topics.policyVersions(), topics.deadLetters(), initial.toString(),
                checkpoints.toString(), learnerId, Integer.toString(STEPS));
    }
}
