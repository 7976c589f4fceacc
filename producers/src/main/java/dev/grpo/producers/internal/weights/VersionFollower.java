package dev.grpo.producers.internal.weights;

import dev.grpo.records.PolicyVersion;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordDecodingException;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one learner's versions on the compacted policy-versions topic and swaps each newer one in (between
 * batches, see {@link LoadedPolicy}). A version whose checkpoint cannot be used is logged and retried after the
 * retry interval while the old weights stay in place; a newer announcement supersedes it.
 */
public final class VersionFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VersionFollower.class);
    private static final RecordSerde<PolicyVersion> SERDE = RecordSerdes.policyVersion();
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String learnerId;
    private final LoadedPolicy policy;
    private final WeightSwap swap;
    private final Duration retry;
    private final AtomicLong latestPublished = new AtomicLong(-1);
    private final AtomicLong failedSwaps = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private PolicyVersion pending;
    private long nextAttemptNanos;

    /**
     * @param cluster the cluster
     * @param topic the policy-versions topic
     * @param learnerId whose versions to follow
     * @param policy the weights to keep current
     * @param retry how long to wait before retrying a version that could not be loaded
     */
    public VersionFollower(KafkaClusterConfig cluster, String topic, String learnerId, LoadedPolicy policy,
                           Duration retry) {
        this.consumer = consumer(cluster, "version-follower");
        this.learnerId = learnerId;
        this.policy = policy;
        this.swap = new WeightSwap(policy);
        this.retry = retry;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::follow, "version-follower-" + learnerId);
        thread.setDaemon(true);
    }

    /**
     * Reads the topic to its end and returns the learner's latest version, without loading anything.
     *
     * @param cluster the cluster
     * @param topic the policy-versions topic
     * @param learnerId whose versions to read
     * @return the latest announced version, if any
     */
    public static Optional<PolicyVersion> latest(KafkaClusterConfig cluster, String topic, String learnerId) {
        try (KafkaConsumer<String, byte[]> reader = consumer(cluster, "version-reader")) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            PolicyVersion latest = null;
            while (partitions.stream().anyMatch(p -> reader.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                    latest = newer(latest, decode(record), learnerId);
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    /** Starts following on a background thread. */
    public void start() {
        thread.start();
    }

    /** @return the newest version the learner has announced, or -1 before any */
    public long latestPublished() {
        return Math.max(latestPublished.get(), policy.version());
    }

    /** @return how many swap attempts failed so far */
    public long failedSwaps() {
        return failedSwaps.get();
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    pending = newer(pending, decode(record), learnerId);
                }
                if (pending != null) {
                    latestPublished.accumulateAndGet(pending.getVersion(), Math::max);
                    trySwap();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void trySwap() {
        if (pending.getVersion() <= policy.version()) {
            pending = null;
            return;
        }
        if (System.nanoTime() - nextAttemptNanos < 0) {
            return;
        }
        try {
            swap.apply(pending);
            LOG.info("now sampling with version {} of learner {}", pending.getVersion(), learnerId);
            pending = null;
        } catch (WeightSwapException e) {
            failedSwaps.incrementAndGet();
            nextAttemptNanos = System.nanoTime() + retry.toNanos();
            LOG.warn("{}; keeping version {}, retrying in {} ms", e.getMessage(), policy.version(), retry.toMillis());
        }
    }

    private static PolicyVersion newer(PolicyVersion current, PolicyVersion candidate, String learnerId) {
        if (candidate == null || !candidate.getLearnerId().equals(learnerId)) {
            return current;
        }
        return current == null || candidate.getVersion() > current.getVersion() ? candidate : current;
    }

    private static PolicyVersion decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return SERDE.decode(record);
        } catch (RecordDecodingException e) {
            LOG.warn("skipping a policy-version record: {}", e.getMessage());
            return null;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaClusterConfig cluster, String instance) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(cluster.client("grpo-generator", instance, config), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        if (thread.isAlive()) {
            thread.join();
        } else {
            consumer.close();
        }
    }
}
