package dev.grpo.workflow.demo;

import dev.grpo.broker.EmbeddedKafkaBroker;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.schemas.TopicInstaller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka cluster a demo runs on: a given one, or the embedded single-node broker with its data in the run's
 * folder (so a rerun finds the topics, offsets and claims of the run it resumes).
 */
public final class DemoCluster implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Optional<EmbeddedKafkaBroker> broker;

    private DemoCluster(String bootstrapServers, Optional<EmbeddedKafkaBroker> broker) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
    }

    /** Connects to {@code servers}, or starts the embedded broker with its data under {@code dataDir}. */
    public static DemoCluster open(Optional<String> servers, Path dataDir) {
        if (servers.isPresent()) {
            return new DemoCluster(servers.get(), Optional.empty());
        }
        EmbeddedKafkaBroker started = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dataDir));
        return new DemoCluster(started.bootstrapServers(), Optional.of(started));
    }

    /** The {@code bootstrap.servers} value of the cluster. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The cluster as its clients connect to it: plain, no client properties, no prefix. */
    public KafkaClusterConfig config() {
        return KafkaClusterConfig.of(bootstrapServers);
    }

    /** Creates every topic of the catalogue that does not exist yet. */
    public void installTopics() throws InterruptedException {
        try (Admin admin = admin()) {
            new TopicInstaller(admin, ADMIN_TIMEOUT).apply(TopicCatalogue.all());
        }
    }

    /** Each topic's end offset summed over its partitions (transaction markers count too): how much flowed through. */
    public Map<String, Long> endOffsets(List<String> topics) throws InterruptedException {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<String, Long> totals = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) ->
                    totals.merge(partition.topic(), info.offset(), Long::sum));
            return totals;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topics + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Waits until the consumer group {@code groupId} has committed offsets at the end of every partition of
     * {@code topic} (the end of its committed records), or {@code timeout} passes.
     *
     * @return whether the group caught up in time
     */
    public boolean awaitConsumed(String groupId, String topic, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get();
                if (ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || (committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue()))) {
                    return true;
                }
                Thread.sleep(200);
            }
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot compare " + groupId + "'s offsets on " + topic + " with its end: "
                    + e.getCause().getMessage(), e);
        }
    }

    private Admin admin() {
        return Admin.create(config().client("grpo-demo", "admin", Map.of()));
    }

    /** Stops the embedded broker, if this cluster started one; its data stays for a rerun. */
    @Override
    public void close() {
        broker.ifPresent(EmbeddedKafkaBroker::close);
    }
}
