package dev.grpo.tests.history;

import ai.djl.Device;
import dev.grpo.learner.GrpoLearner;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.LossAggregation;
import dev.grpo.learner.StepMetrics;
import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.learner.internal.checkpoint.LearnerState;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.PolicyVersion;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import dev.grpo.tests.learner.LearnerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training from history: two off-policy learners read one replayed advantages topic side by side, one with Dr. GRPO's
 * seq-mean-token-sum-norm and one with token-mean. Each trains on every group exactly once although the samples'
 * policy versions are far behind its own (a live learner with η = 0 would refuse most of them), and each keeps its
 * own versions and checkpoints, so they end with different weights.
 */
@ExtendWith(KafkaClusterExtension.class)
class TwoLearnersTest {

    private static final int VOCABULARY = 16;
    private static final int GROUPS = 6;
    private static final int GROUP_SIZE = 4;
    private static final int GROUPS_PER_STEP = 2;
    private static final long STEPS = GROUPS / GROUPS_PER_STEP;

    @Test
    void twoLearnersTrainOnEveryGroupOfOneHistoryTopicEachWithItsOwnVersionsAndCheckpoints(KafkaCluster cluster,
            @TempDir Path dir) throws Exception {
        String history = cluster.createTopic("grpo.advantages.replayed", 2);
        String versions = cluster.createTopic("versions", 1);
        List<String> groups = IntStream.range(0, GROUPS).mapToObj(g -> "g" + g).toList();
        produce(cluster, history, groups);
        Path initial = initialCheckpoint(dir.resolve("initial"));
        Learner drGrpo = new Learner(config(cluster, "dr-grpo", history, versions, initial, dir,
                LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM));
        Learner tokenMean = new Learner(config(cluster, "token-mean", history, versions, initial, dir,
                LossAggregation.TOKEN_MEAN));

        runSideBySide(drGrpo, tokenMean);

        for (Learner learner : List.of(drGrpo, tokenMean)) {
            assertThat(trainedGroups(learner.config.checkpointing().directory()))
                    .as("groups trained by %s", learner.config.learnerId())
                    .containsExactlyInAnyOrderElementsOf(groups);
            assertThat(learner.steps).hasSize((int) STEPS).allSatisfy(step -> {
                assertThat(step.staleTotal()).isZero();
                assertThat(step.staleness()).isEmpty();
            });
            assertThat(endOffset(cluster, learner.config.topics().stale())).isZero();
            assertThat(endOffset(cluster, learner.config.topics().deadLetters())).isZero();
        }
        Map<String, List<PolicyVersion>> announced = versionsByLearner(cluster, versions, 2 * (STEPS + 1));
        assertThat(announced).containsOnlyKeys("dr-grpo", "token-mean");
        for (Learner learner : List.of(drGrpo, tokenMean)) {
            List<PolicyVersion> own = announced.get(learner.config.learnerId());
            assertThat(own).extracting(PolicyVersion::getVersion).containsExactly(0L, 1L, 2L, 3L);
            assertThat(own.subList(1, own.size())).allSatisfy(version ->
                    assertThat(Path.of(java.net.URI.create(version.getCheckpointUri())))
                            .startsWith(learner.config.checkpointing().directory()));
        }
        assertThat(maxWeightDifference(drGrpo.config.checkpointing().directory(), tokenMean.config.checkpointing().directory()))
                .isGreaterThan(1e-4);
    }

    /** A learner under test with the steps it reported. */
    private record Learner(LearnerConfig config, List<StepMetrics> steps) {
        Learner(LearnerConfig config) {
            this(config, new CopyOnWriteArrayList<>());
        }
    }

    private static LearnerConfig config(KafkaCluster cluster, String id, String history, String versions,
                                        Path initial, Path dir, LossAggregation aggregation) {
        LearnerTopics topics = new LearnerTopics(history, cluster.createTopic(id + ".stale", 1), versions,
                cluster.createTopic(id + ".dlq", 1));
        // η = 0 would refuse every group after the first on-policy; off-policy it is not used
        return LearnerConfig.builder(id, KafkaClusterConfig.of(cluster.bootstrapServers()), dir.resolve(id))
                .initialCheckpoint(initial).topics(topics).pollTimeout(Duration.ofMillis(100))
                .groupsPerStep(GROUPS_PER_STEP).maxStaleness(0).offPolicy(true).maxSteps(STEPS)
                .klCoefficient(0).aggregation(aggregation).learningRate(1e-2f)
                .referenceRefreshSteps(0).keepCheckpoints(0).device("cpu").seed(7).build();
    }

    private static void runSideBySide(Learner... learners) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(learners.length);
        List<GrpoLearner> running = new ArrayList<>();
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Learner learner : learners) {
                GrpoLearner grpo = new GrpoLearner(learner.config, new SimpleMeterRegistry(), learner.steps::add);
                running.add(grpo);
                runs.add(threads.submit(grpo::run));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            running.forEach(GrpoLearner::close);
            threads.shutdownNow();
        }
    }

    /** History from another lineage: generated by versions 0 to 2 of some other learner. */
    private static void produce(KafkaCluster cluster, String topic, List<String> groups) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int g = 0; g < groups.size(); g++) {
                for (int index = 0; index < GROUP_SIZE; index++) {
                    AdvantageSample sample = sample(groups.get(g), index, g / 2, 2 + g);
                    producer.send(new ProducerRecord<>(topic, groups.get(g).getBytes(StandardCharsets.UTF_8),
                            RecordSerdes.advantageSample().encode(sample)));
                }
            }
            producer.flush();
        }
    }

    /** Completion lengths vary from group to group, so the two aggregations weigh the steps differently. */
    private static AdvantageSample sample(String group, int index, long policyVersion, int length) {
        List<Integer> completion = IntStream.range(0, length + index).map(i -> 4 + (i * 3 + index) % 12).boxed()
                .toList();
        double advantage = index < GROUP_SIZE / 2 ? 1.0 : -1.0;
        return LearnerHarness.sample(group, index, GROUP_SIZE, policyVersion, completion,
                Collections.nCopies(completion.size(), -2.5f), advantage);
    }

    private static Path initialCheckpoint(Path directory) {
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(VOCABULARY), 11, Device.cpu())) {
            Checkpoint.write(model, directory, Map.of());
        }
        return directory;
    }

    private static List<String> trainedGroups(Path checkpoints) {
        List<LearnerState> lineage = new ArrayList<>(new CheckpointStore(checkpoints, 0).lineage());
        Collections.reverse(lineage);
        return lineage.stream().flatMap(state -> state.trainedGroups().stream()).toList();
    }

    private static long endOffset(KafkaCluster cluster, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return cluster.admin().listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                .get(KafkaCluster.PATIENCE.toMillis(), TimeUnit.MILLISECONDS).offset();
    }

    private static Map<String, List<PolicyVersion>> versionsByLearner(KafkaCluster cluster, String topic, long count) {
        List<ConsumerRecord<String, byte[]>> records = cluster.read(topic, (int) count, new StringDeserializer(),
                new ByteArrayDeserializer(), Map.of());
        assertThat(records).hasSize((int) count).allSatisfy(record ->
                assertThat(record.key()).isEqualTo(RecordSerdes.policyVersion().decode(record).getLearnerId().toString()));
        return records.stream().map(r -> RecordSerdes.policyVersion().decode(r))
                .collect(Collectors.groupingBy(v -> v.getLearnerId().toString(), Collectors.toList()));
    }

    private static double maxWeightDifference(Path first, Path second) {
        try (PolicyModel a = latestPolicy(first); PolicyModel b = latestPolicy(second)) {
            double max = 0;
            for (var entry : a.parameters().entrySet()) {
                float[] x = entry.getValue().getArray().toFloatArray();
                float[] y = b.parameters().get(entry.getKey()).getArray().toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    max = Math.max(max, Math.abs(x[i] - y[i]));
                }
            }
            return max;
        }
    }

    private static PolicyModel latestPolicy(Path checkpoints) {
        return new CheckpointStore(checkpoints, 0).latest().orElseThrow().policy().load(Device.cpu());
    }
}
