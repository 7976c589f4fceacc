package dev.grpo.tests.streams;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.RuleRewardsApp;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.RequiredTopics;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The reward stream apps of one test (the assembler scoring the rules, or the rule-reward app and the
 * assembler), on topics and consumer groups of their own so that tests sharing the cluster never see
 * each other's records.
 */
final class RewardStages implements AutoCloseable {

    /** The apps' names: a test's application ids are its topic prefix followed by these. */
    static final String RULES = "rules";
    static final String ASSEMBLER = "assembler";

    /** How the rule rewards run: inside the assembler (what {@code grpo rewards} runs) or as an app of their own. */
    enum Deployment {
        RULES_IN_ASSEMBLER, RULES_APP;

        /** The topics the assembler consumes (external components aside). */
        List<String> assemblerInputs(StreamTopics topics) {
            return this == RULES_APP ? List.of(topics.rollouts(), topics.ruleRewards()) : List.of(topics.rollouts());
        }

        /** Starts this deployment's apps, failing over quickly. */
        List<StreamsApp> start(String bootstrapServers, StreamTopics topics, RewardConfig config, Path stateDir) {
            return start(bootstrapServers, topics, config, stateDir, Membership.QUICK_FAILOVER);
        }

        /** Starts this deployment's apps with {@code membership}. */
        List<StreamsApp> start(String bootstrapServers, StreamTopics topics, RewardConfig config, Path stateDir,
                Membership membership) {
            StreamsApp assembler = new GroupAssemblerApp(
                    membership.settings(bootstrapServers, topics, ASSEMBLER, stateDir), config, topics,
                    this == RULES_IN_ASSEMBLER).start();
            if (this == RULES_IN_ASSEMBLER) {
                return List.of(assembler);
            }
            return List.of(new RuleRewardsApp(membership.settings(bootstrapServers, topics, RULES, stateDir), config,
                    topics).start(), assembler);
        }
    }

    /** How the apps' consumers belong to their groups. */
    enum Membership {
        /** Dynamic members that the group gives up on after 6 s: what most tests use. */
        QUICK_FAILOVER,
        /** Dynamic members with Kafka's 45 s session timeout: what {@code grpo rewards} ran before static membership. */
        KAFKA_DEFAULTS,
        /** Static members of one named instance, Kafka's timeouts otherwise: what {@code grpo rewards} runs. */
        STATIC;

        StreamAppConfig settings(String bootstrapServers, StreamTopics topics, String app, Path stateDir) {
            return switch (this) {
                case QUICK_FAILOVER -> RewardStages.settings(bootstrapServers, topics, app, stateDir);
                case KAFKA_DEFAULTS -> new StreamAppConfig(KafkaClusterConfig.of(bootstrapServers), topics.prefix() + app, stateDir.resolve(app),
                        1, Duration.ofMillis(100), Map.of());
                case STATIC -> instance(bootstrapServers, topics, app, stateDir, "test-instance");
            };
        }

        /** Static members of the instance {@code name}, Kafka's timeouts otherwise, as {@code grpo rewards} runs. */
        static StreamAppConfig instance(String bootstrapServers, StreamTopics topics, String app, Path stateDir,
                String name) {
            return KAFKA_DEFAULTS.settings(bootstrapServers, topics, app, stateDir).asInstance(name);
        }
    }

    /** Failure detection within seconds, not Kafka's default 45 s, so a restarted app takes over quickly. */
    private static final Map<String, String> QUICK_FAILOVER = Map.of(
            StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000",
            StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1000");

    private final KafkaCluster kafka;
    private final StreamTopics topics;
    private final Deployment deployment;
    private final List<StreamsApp> apps;

    private RewardStages(KafkaCluster kafka, StreamTopics topics, Deployment deployment, List<StreamsApp> apps) {
        this.kafka = kafka;
        this.topics = topics;
        this.deployment = deployment;
        this.apps = apps;
    }

    /** Fresh topic names for one test. */
    static StreamTopics topics(KafkaCluster kafka, String test) {
        return new StreamTopics(kafka.uniqueName(test) + ".");
    }

    /** Creates the rollouts, rule rewards, advantages and dead-letter topics of {@code topics}, as the apps need them. */
    static void createTopics(KafkaCluster kafka, StreamTopics topics) {
        RequiredTopics.ensure(KafkaClusterConfig.of(kafka.bootstrapServers()), List.of(topics.spec(topics.rollouts()),
                topics.spec(topics.ruleRewards()), topics.spec(topics.advantages()), topics.spec(topics.deadLetters())));
    }

    /** Settings of one app of a test: its topics' prefix in the application id, quick failure detection. */
    static StreamAppConfig settings(String bootstrapServers, StreamTopics topics, String app, Path stateDir) {
        return new StreamAppConfig(KafkaClusterConfig.of(bootstrapServers), topics.prefix() + app, stateDir.resolve(app), 1,
                Duration.ofMillis(100), QUICK_FAILOVER);
    }

    /** Starts the apps of {@code deployment} and waits until they run. */
    static RewardStages start(KafkaCluster kafka, StreamTopics topics, RewardConfig config, Path stateDir,
            Deployment deployment) {
        RewardStages stages = new RewardStages(kafka, topics, deployment,
                deployment.start(kafka.bootstrapServers(), topics, config, stateDir));
        stages.apps.forEach(stages::awaitRunning);
        return stages;
    }

    private void awaitRunning(StreamsApp app) {
        long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || app.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException(app.applicationId() + " did not start: " + app.state());
            }
            sleep(50);
        }
    }

    /** The application id of the assembler. */
    String assemblerId() {
        return topics.prefix() + ASSEMBLER;
    }

    /** Waits until every app has committed offsets up to the end of everything it consumes. */
    void awaitAllConsumed() {
        awaitAllConsumed(kafka, topics, deployment);
    }

    /** {@link #awaitAllConsumed()} for apps running anywhere. */
    static void awaitAllConsumed(KafkaCluster kafka, StreamTopics topics, Deployment deployment) {
        if (deployment == Deployment.RULES_APP) {
            awaitConsumed(kafka, topics.prefix() + RULES, List.of(topics.rollouts()));
        }
        awaitConsumed(kafka, topics.prefix() + ASSEMBLER, deployment.assemblerInputs(topics));
    }

    /**
     * Waits until the consumer group {@code groupId} has committed offsets up to the end of every
     * partition of {@code inputTopics}: from then on, all it will ever emit for those records is
     * committed and visible to read_committed readers.
     */
    void awaitConsumed(String groupId, List<String> inputTopics) {
        awaitConsumed(kafka, groupId, inputTopics);
    }

    /** {@link #awaitConsumed(String, List)} for a group running anywhere. */
    static void awaitConsumed(KafkaCluster kafka, String groupId, List<String> inputTopics) {
        long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
        while (!consumedToEnd(kafka, groupId, inputTopics)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + " did not consume " + inputTopics + " to the end in time");
            }
            sleep(100);
        }
    }

    /** How many offsets (records and transaction markers) all partitions of {@code topic} hold. */
    long endOffsets(String topic) {
        try {
            return ends(kafka, List.of(topic)).values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the end offsets of " + topic, e);
        }
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> ends(KafkaCluster kafka, List<String> topicNames)
            throws Exception {
        Set<TopicPartition> partitions = kafka.admin().describeTopics(topicNames).allTopicNames()
                .get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
        return kafka.admin().listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(30, TimeUnit.SECONDS);
    }

    private static boolean consumedToEnd(KafkaCluster kafka, String groupId, List<String> inputTopics) {
        try {
            Map<TopicPartition, ListOffsetsResultInfo> ends = ends(kafka, inputTopics);
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                    || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue().offset());
        } catch (Exception e) {
            throw new IllegalStateException("cannot compare committed and end offsets of " + groupId, e);
        }
    }

    /** Up to {@code count} advantages, read_committed (waits at most the cluster's patience). */
    List<AdvantageSample> advantages(int count) {
        return advantages(kafka, topics, count);
    }

    static List<AdvantageSample> advantages(KafkaCluster kafka, StreamTopics topics, int count) {
        return kafka.read(topics.advantages(), count, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")).stream()
                .map(r -> RecordSerdes.advantageSample().decode(r)).toList();
    }

    /** Up to {@code count} dead letters, read_committed. */
    List<DeadLetter> deadLetters(int count) {
        return kafka.read(topics.deadLetters(), count, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")).stream()
                .map(r -> RecordSerdes.deadLetter().decode(r)).toList();
    }

    @Override
    public void close() {
        apps.forEach(app -> app.close(Duration.ofSeconds(30)));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
