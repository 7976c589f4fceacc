package dev.grpo.streams;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.spi.SinkLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every stream app of this module needs to run: the cluster, its application id (which is
 * also its consumer group and its stage name in dead letters), its state directory, thread count
 * and transaction commit interval. Processing is always {@code exactly_once_v2}.
 *
 * <p>The cluster's client properties ({@code --kafka-config} file and environment) come first, so any Kafka Streams
 * or client property in that file (e.g. {@code num.standby.replicas}, {@code replication.factor}, security) reaches
 * the app; the settings below and {@code overrides} are applied after them and win.
 *
 * @param cluster the Kafka cluster; its topic prefix is put before the application id
 * @param applicationId the Kafka Streams application id within the cluster's namespace
 * @param stateDir where local state stores live
 * @param threads stream threads
 * @param commitInterval how often transactions commit (latency versus throughput)
 * @param overrides further Kafka Streams properties, applied last
 */
public record StreamAppConfig(KafkaClusterConfig cluster, String applicationId, Path stateDir, int threads,
        Duration commitInterval, Map<String, String> overrides) {

    /**
     * The producers' {@code max.request.size}: 8 MiB, the largest record {@code grpo.rollouts} and
     * {@code grpo.advantages} take. What an app forwards is checked against it ({@link SinkLimit}) and dead letters are
     * encoded within it, since a record it refuses would stop the app.
     */
    public static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    /** The producers' batch size: 256 KiB, about 60 advantage samples of 512 tokens. */
    public static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    public StreamAppConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (threads < 1) {
            throw new IllegalArgumentException(applicationId + ": threads must be >= 1, got " + threads);
        }
        overrides = Map.copyOf(overrides);
    }

    /** What an instance id may hold: Kafka's rule for a {@code group.instance.id}, with room for the prefix. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** Settings with one thread, a 100 ms commit interval and no overrides. */
    public static StreamAppConfig of(KafkaClusterConfig cluster, String applicationId, Path stateDir) {
        return new StreamAppConfig(cluster, applicationId, stateDir, 1, Duration.ofMillis(100), Map.of());
    }

    /** Settings with one thread, a 100 ms commit interval and no overrides, on a plain cluster (tests). */
    public static StreamAppConfig of(String bootstrapServers, String applicationId, Path stateDir) {
        return of(KafkaClusterConfig.of(bootstrapServers), applicationId, stateDir);
    }

    /** The application id Kafka sees: {@link #applicationId} in the cluster's namespace. */
    public String groupId() {
        return cluster.group(applicationId);
    }

    /**
     * These settings for the instance {@code instanceId} of a deployment: its stream threads join the consumer group as
     * static members, {@code group.instance.id} = application id + "-" + instance id (Kafka Streams appends each
     * thread's index). A restarted instance then takes its partitions back at once, where a new dynamic member waits
     * until the group has given up on its killed predecessor (the session timeout, 45 s by default). Every running
     * instance of an application needs an id of its own, and the same one again after a restart.
     *
     * @throws IllegalArgumentException if the id is not 1 to 128 letters, digits, '.', '_' or '-'
     */
    public StreamAppConfig asInstance(String instanceId) {
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("an instance id is 1 to 128 letters, digits, '.', '_' or '-', got '"
                    + instanceId + "'");
        }
        Map<String, String> withInstance = new HashMap<>(overrides);
        withInstance.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                groupId() + "-" + instanceId);
        return new StreamAppConfig(cluster, applicationId, stateDir, threads, commitInterval, withInstance);
    }

    /** The Kafka Streams properties. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(cluster.clientProperties());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, groupId());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_REQUEST_BYTES);
        // Changelog and repartition topics created by Streams take what the producers may send, not the broker's
        // 1 MiB default: a large group state or a repartitioned sample would otherwise stop the app.
        properties.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(MAX_REQUEST_BYTES));
        // An advantage sample carries its rollout's token ids and log-probs (about 4 KB at 512 tokens): Kafka's
        // 16 KiB default batch would hold three, and the broker would handle a request per handful of samples.
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        properties.putAll(overrides);
        return properties;
    }
}
