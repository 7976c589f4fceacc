package dev.grpo.tests.producers;

import dev.grpo.policy.SamplingConfig;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.GeneratorTopics;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.records.PolicyVersion;
import dev.grpo.records.Prompt;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Fresh topics and tiny-model generator configurations for one test. */
final class GeneratorSetup {

    static final String LEARNER = "learner";
    static final SamplingConfig SAMPLING = new SamplingConfig(1f, 1f, 4);

    final KafkaCluster kafka;
    final GeneratorTopics topics;
    final Path checkpoints;

    GeneratorSetup(KafkaCluster kafka, Path checkpoints) {
        this.kafka = kafka;
        this.checkpoints = checkpoints;
        this.topics = new GeneratorTopics(kafka.createTopic("prompts", 2), kafka.createTopic("rollouts", 3),
                kafka.createTopic("versions", 1), kafka.uniqueName("claims"));
    }

    GeneratorConfig config(String generatorId, PromptOrigin origin, int groupSize, int groupsPerStep,
                           int maxStaleness, int concurrency) {
        return builder(generatorId, origin, groupSize, groupsPerStep, maxStaleness, concurrency).build();
    }

    /** A tiny-model generator on this setup's topics, to adjust before building. */
    GeneratorConfig.Builder builder(String generatorId, PromptOrigin origin, int groupSize, int groupsPerStep,
                                    int maxStaleness, int concurrency) {
        return GeneratorConfig.builder(generatorId).bootstrapServers(kafka.bootstrapServers()).learnerId(LEARNER)
                .origin(origin).template(PromptTemplate.PLAIN).groupSize(groupSize).groupsPerStep(groupsPerStep)
                .maxStaleness(maxStaleness).maxConcurrentGroups(concurrency).sampling(SAMPLING)
                .seed(generatorId.hashCode()).initialCheckpoint(TinyCheckpoints.directory(checkpoints, 0))
                .swapRetry(Duration.ofMillis(200)).topics(topics);
    }

    /** Announces a version, as the learner does. */
    void publishVersion(long version, Path directory, String sha256) {
        PolicyVersion record = PolicyVersion.newBuilder().setLearnerId(LEARNER).setVersion(version)
                .setCheckpointUri(directory.toUri().toString()).setSha256(sha256).setPublishedAt(Instant.now()).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.policyVersions(), LEARNER,
                    RecordSerdes.policyVersion().encode(record))).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish version " + version, e);
        }
    }

    /** Publishes prompts {@code first} … {@code first + count - 1}, each {@code i+1=} with answer {@code i + 1}. */
    void publishPrompts(int first, int count) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = first; i < first + count; i++) {
                Prompt prompt = Prompt.newBuilder().setPromptId("p" + i).setText(i + "+1=")
                        .setGroundTruth(Integer.toString(i + 1)).setLanguage("en").setTask("arithmetic")
                        .setCreatedAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(topics.prompts(), prompt.getPromptId(),
                        RecordSerdes.prompt().encode(prompt)));
            }
            producer.flush();
        }
    }

    /** @return the offset the next record appended to the claims log will get */
    long claimsLogEnd() {
        TopicPartition log = new TopicPartition(topics.claims(), 0);
        try {
            return kafka.admin().listOffsets(Map.of(log, OffsetSpec.latest())).partitionResult(log).get().offset();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot read the end of " + topics.claims(), e);
        }
    }

    /** Reads the rollouts topic until {@code count} rollouts arrived (or the cluster's patience ran out). */
    List<Rollout> rollouts(int count) {
        return kafka.read(topics.rollouts(), count, new StringDeserializer(), RecordSerdes.rollout().deserializer(),
                Map.of()).stream().map(ConsumerRecord::value).toList();
    }

    /** The slot of a group id {@code g<slot>-<generator>}. */
    static long slot(String groupId) {
        return Long.parseLong(groupId.substring(1, groupId.indexOf('-')));
    }
}
