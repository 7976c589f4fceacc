package dev.grpo.tests.learner;

import ai.djl.Device;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.learner.internal.checkpoint.LearnerState;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.records.AdvantageSample;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;


/** Topics, a tiny initial policy, configs and samples for the learner's integration tests. */
public final class LearnerHarness {

    /** Vocabulary of the tiny test policy; token ids in the samples stay below it. */
    static final int VOCABULARY = 16;

    private LearnerHarness() {
    }

    /** Creates fresh advantages (with {@code partitions} partitions), stale, versions and dead-letter topics. */
    static LearnerTopics createTopics(KafkaCluster cluster, int partitions) {
        return new LearnerTopics(cluster.createTopic("advantages", partitions), cluster.createTopic("stale", 1),
                cluster.createTopic("versions", 1), cluster.createTopic("dlq", 1));
    }

    /** Writes a freshly initialised tiny policy as the starting checkpoint. */
    static Path initialCheckpoint(Path directory) {
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(VOCABULARY), 11, Device.cpu())) {
            Checkpoint.write(model, directory, Map.of());
        }
        return directory;
    }

    /** A config for a test learner: one-step groups of the given size, CPU, a short poll, a high learning rate. */
    static LearnerConfig config(KafkaCluster cluster, LearnerTopics topics, Path initial, Path checkpoints,
                                int groupsPerStep, long maxStaleness, long maxSteps, double klCoefficient,
                                int checkpointEvery) {
        return LearnerConfig.builder("learner-" + cluster.uniqueName("run"),
                        KafkaClusterConfig.of(cluster.bootstrapServers()), checkpoints)
                .initialCheckpoint(initial).topics(topics).pollTimeout(Duration.ofMillis(100))
                .groupsPerStep(groupsPerStep).groupsPerMiniBatch(1).maxStaleness(maxStaleness).maxSteps(maxSteps)
                .klCoefficient(klCoefficient).learningRate(1e-3f).warmupSteps(2).referenceRefreshSteps(3)
                .checkpointEvery(checkpointEvery).keepCheckpoints(0).device("cpu").seed(5).build();
    }

    /** A well-formed sample of a group: prompt {1, 2, 3}, a completion that depends on the index. */
    static AdvantageSample sample(String groupId, int index, int groupSize, long policyVersion) {
        List<Integer> completion = IntStream.rangeClosed(0, 2 + index % 3).map(i -> 4 + (i + index) % 10).boxed()
                .toList();
        return sample(groupId, index, groupSize, policyVersion, completion,
                Collections.nCopies(completion.size(), -2.5f), index % 2 == 0 ? 1.0 : -1.0);
    }

    /** A sample of a group with the given completion, behaviour log-probs and advantage; prompt {1, 2, 3}. */
    public static AdvantageSample sample(String groupId, int index, int groupSize, long policyVersion,
                                         List<Integer> completion, List<Float> logProbs, double advantage) {
        return AdvantageSample.newBuilder()
                .setRolloutId(groupId + "/" + index)
                .setGroupId(groupId)
                .setIndex(index)
                .setGroupSize(groupSize)
                .setPromptId("prompt-" + groupId)
                .setPromptTokenIds(List.of(1, 2, 3))
                .setCompletionTokenIds(completion)
                .setBehaviourLogprobs(logProbs)
                .setTemperature(1f)
                .setPolicyVersion(policyVersion)
                .setReward(advantage > 0 ? 1.0 : 0.0)
                .setRewardComponents(Map.of("accuracy", advantage > 0 ? 1.0 : 0.0))
                .setRewardVersions(Map.of("accuracy", "1"))
                .setAdvantage(advantage)
                .setAssembledAt(Instant.now())
                .build();
    }

    /** Produces the samples in order, keyed by group id, to partition {@code partitionOf(sample)}. */
    static void produce(KafkaCluster cluster, String topic, List<AdvantageSample> samples, int partitions) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (AdvantageSample sample : samples) {
                producer.send(record(topic, sample, partitions));
            }
            producer.flush();
        }
    }

    static ProducerRecord<byte[], byte[]> record(String topic, AdvantageSample sample, int partitions) {
        String group = sample.getGroupId().toString();
        return new ProducerRecord<>(topic, Math.floorMod(group.hashCode(), partitions),
                group.getBytes(StandardCharsets.UTF_8), RecordSerdes.advantageSample().encode(sample));
    }

    /** The groups trained in the lineage of the newest checkpoint, oldest step first. */
    static List<String> trainedGroups(Path checkpoints) {
        List<LearnerState> lineage = new ArrayList<>(new CheckpointStore(checkpoints, 0).lineage());
        Collections.reverse(lineage);
        return lineage.stream().flatMap(state -> state.trainedGroups().stream()).toList();
    }

    /** Every record of {@code topic} up to its end offsets when called. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaCluster cluster, String topic) {
        return cluster.readToEnd(topic);
    }
}
