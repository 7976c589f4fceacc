package dev.grpo.tests.coderewards;

import dev.grpo.coderewards.CodeRewardConfig;
import dev.grpo.coderewards.CodeRewardStage;
import dev.grpo.records.FinishReason;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.spi.RequiredTopics;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Code-task rollouts for the code-reward stage's tests: the topics of one test behind a unique prefix, rollouts whose
 * completions are hand-written programs for "add two numbers", a publisher, and what the stage committed.
 */
public final class CodeRollouts implements AutoCloseable {

    /** One stdin/stdout test: "2 3" gives "5". */
    public static final String ADD_SPEC = "{\"kind\": \"stdin-stdout\", \"language\": \"python\", \"tests\": "
            + "[{\"input\": \"2 3\\n\", \"output\": \"5\"}], \"time_limit_s\": 1, \"memory_mb\": 256}";
    public static final String CORRECT = "<think>add them</think><answer>```python\nprint(sum(map(int, input().split())))\n```"
            + "</answer>";
    public static final String WRONG = "<answer>```python\na, b = map(int, input().split())\nprint(a * b)\n```</answer>";

    private final KafkaCluster kafka;
    private final StreamTopics topics;
    private final KafkaProducer<byte[], byte[]> producer;

    CodeRollouts(KafkaCluster kafka, String test) {
        this.kafka = kafka;
        this.topics = new StreamTopics(kafka.uniqueName(test) + ".");
        RequiredTopics.ensure(KafkaClusterConfig.of(kafka.bootstrapServers()), List.of(topics.spec(topics.rollouts()),
                topics.spec(scoreTopic()), topics.spec(topics.deadLetters())));
        this.producer = new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    StreamTopics topics() {
        return topics;
    }

    String scoreTopic() {
        return CodeRewardStage.scoreTopic(topics);
    }

    /** The stage's consumer group in this test. */
    String groupId() {
        return topics.prefix() + "code-reward";
    }

    /** Settings of a stage instance of this test: its group, quick failure detection, two workers. */
    CodeRewardConfig.Builder settings(String instanceId) {
        return CodeRewardConfig.builder(kafka.bootstrapServers()).topics(topics).groupId(groupId())
                .instanceId(instanceId).workers(2)
                .override(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000)
                .override(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
    }

    /** Member {@code index} of group {@code groupId} of size 4 completing with {@code completion}. */
    public static Rollout rollout(String groupId, int index, String completion, String verification) {
        return Rollout.newBuilder()
                .setRolloutId(groupId + "/" + index).setGroupId(groupId).setIndex(index).setGroupSize(4)
                .setPromptId("p-" + groupId).setPrompt("Read two integers and print their sum.").setGroundTruth("")
                .setLanguage("en").setTask(verification == null ? "arithmetic" : "code")
                .setPromptTokenIds(List.of(1, 2)).setCompletionTokenIds(List.of(3, 4))
                .setBehaviourLogprobs(List.of(-0.5f, -0.5f)).setCompletionText(completion)
                .setFinishReason(FinishReason.STOP).setPolicyVersion(1).setGeneratorId("test")
                .setSampling(SamplingParams.newBuilder().setTemperature(1f).setTopP(1f).setMaxNewTokens(64).build())
                .setCreatedAt(Instant.now()).setFinishedAt(Instant.now()).setVerification(verification)
                .build();
    }

    void publish(Rollout rollout) {
        publishRaw(rollout.getGroupId(), RecordSerdes.rollout().encode(rollout));
    }

    void publishRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topics.rollouts(), key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topics.rollouts(), e);
        }
    }

    /** The committed scores, by rollout id, each id mapped to every score it got. */
    Map<String, List<RewardScore>> committedScores() {
        return kafka.readToEnd(scoreTopic()).stream()
                .map(r -> RecordSerdes.rewardScore().decode(r))
                .collect(Collectors.groupingBy(s -> s.getRolloutId().toString()));
    }

    /** The committed score records themselves, for their keys and partitions. */
    List<ConsumerRecord<byte[], byte[]>> committedScoreRecords() {
        return kafka.readToEnd(scoreTopic());
    }

    List<ConsumerRecord<byte[], byte[]>> committedDeadLetters() {
        return kafka.readToEnd(topics.deadLetters());
    }

    /** Whether the stage's group has committed offsets up to the end of every rollout partition. */
    boolean consumedToEnd() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(groupId())
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Set<TopicPartition> partitions = kafka.admin().describeTopics(List.of(topics.rollouts())).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(topics.rollouts()).partitions().stream()
                .map(p -> new TopicPartition(topics.rollouts(), p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = kafka.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        return partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                || committed.containsKey(p) && committed.get(p).offset() >= ends.get(p).offset());
    }

    /** Waits until the group has consumed every rollout; false if it has not within {@code seconds}. */
    boolean awaitConsumed(int seconds) {
        try {
            await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(100)).until(this::consumedToEnd);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Waits until at least {@code count} scores are committed while {@code stage} runs; returns how many there were. */
    int awaitScores(int count, Process stage) {
        return await("the stage commits " + count + " scores").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20)).failFast("the stage exited", () -> !stage.isAlive())
                .until(() -> committedScoreRecords().size(), committed -> committed >= count);
    }

    @Override
    public void close() {
        producer.close();
    }
}
