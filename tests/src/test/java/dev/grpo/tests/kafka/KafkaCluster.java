package dev.grpo.tests.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Kafka cluster shared by every test of a test JVM, as {@link KafkaClusterExtension} injects it:
 * where it is, fresh uniquely named topics, and client configs and reads that never hang a test.
 */
public final class KafkaCluster implements AutoCloseable {

    /** How long a test waits for the cluster before it fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Map<String, Object> clientSecurity;
    private final AutoCloseable backend;
    private final Admin admin;

    KafkaCluster(String bootstrapServers, AutoCloseable backend) {
        this(bootstrapServers, Map.of(), backend);
    }

    /**
     * @param clientSecurity settings every client of this object adds (a secured cluster's super user login)
     */
    KafkaCluster(String bootstrapServers, Map<String, Object> clientSecurity, AutoCloseable backend) {
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = Map.copyOf(clientSecurity);
        this.backend = backend;
        Map<String, Object> adminConfig = new HashMap<>(clientSecurity);
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(adminConfig);
    }

    /** The {@code bootstrap.servers} value of the cluster. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** An admin client shared by the tests; do not close it. */
    public Admin admin() {
        return admin;
    }

    /** A topic name that no other test uses: {@code prefix} plus a random suffix. */
    public String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Creates a topic with a unique name and the given partition count, waits until clients can see
     * it (the brokers learn of a new topic a moment after the controller commits it), and returns its name.
     */
    public String createTopic(String prefix, int partitions) {
        String name = uniqueName(prefix);
        await(admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()))).all());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!await(admin.listTopics().names()).contains(name)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + name + " was created but did not become visible within " + PATIENCE);
            }
            pause();
        }
        return name;
    }

    /** Producer settings: this cluster, every write acknowledged, idempotent. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(clientSecurity);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) PATIENCE.toMillis());
        // Tests produce into partitions created a moment earlier. A first batch refused there with
        // NOT_LEADER_OR_FOLLOWER while later in-flight batches are accepted (a broker takes any first
        // sequence from a producer it has no state for) leaves an idempotent producer retrying
        // OUT_OF_ORDER_SEQUENCE_NUMBER until delivery times out; one request in flight rules that out.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return config;
    }

    /** Consumer settings: this cluster, a fresh group, from the earliest offset, no auto-commit. */
    public Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(clientSecurity);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, uniqueName("test-group"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        return config;
    }

    /**
     * Reads {@code topic} from the beginning of every partition until {@code count} records have
     * arrived or {@link #PATIENCE} has passed, and returns what arrived.
     *
     * @param extraConfig consumer settings on top of {@link #consumerConfig()}, e.g. the isolation level
     */
    public <K, V> List<ConsumerRecord<K, V>> read(String topic, int count, Deserializer<K> keys, Deserializer<V> values,
            Map<String, Object> extraConfig) {
        Map<String, Object> config = consumerConfig();
        config.putAll(extraConfig);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Every committed record of {@code topic} as it stands now: read_committed, from the beginning of every partition
     * to its end when called (waits at most {@link #PATIENCE}).
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
        return readToEnd(consumerConfig(), topic);
    }

    /**
     * {@link #readToEnd(String)} on any cluster, e.g. one a command started itself.
     *
     * @param consumerConfig consumer settings, at least the bootstrap servers
     * @param topic the topic to read
     * @return its committed records
     */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(Map<String, Object> consumerConfig, String topic) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + ends);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    @Override
    public void close() throws Exception {
        try (backend) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
        }
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the Kafka cluster failed or did not answer: " + e, e);
        }
    }
}
