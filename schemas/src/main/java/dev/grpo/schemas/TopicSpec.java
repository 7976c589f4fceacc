package dev.grpo.schemas;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What one topic of the pipeline holds and how the broker must keep it: the single place where a
 * topic's name, key, record type, partitioning and retention are decided.
 *
 * @param name topic name
 * @param key what the record key is (e.g. "group_id")
 * @param record the Avro record type of the values (simple name, e.g. "Rollout")
 * @param partitions partition count; every topic keyed by group id uses the same count so that a
 *     group's rollouts, rewards and advantages are co-partitioned
 * @param retention how long records are kept; {@code null} keeps them forever
 * @param retentionBytes per-partition size bound, or -1 for none
 * @param cleanupPolicy delete or compact
 * @param maxMessageBytes the largest record batch the broker accepts for this topic
 * @param clock whose clock stamps the records
 */
public record TopicSpec(
        String name,
        String key,
        String record,
        int partitions,
        Duration retention,
        long retentionBytes,
        CleanupPolicy cleanupPolicy,
        int maxMessageBytes,
        RecordClock clock) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(clock, "clock");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("topic " + name + ": max message bytes must be >= 1, got " + maxMessageBytes);
        }
    }

    /** A spec whose records carry their writers' timestamps, as most topics' do. */
    public TopicSpec(String name, String key, String record, int partitions, Duration retention, long retentionBytes,
                     CleanupPolicy cleanupPolicy, int maxMessageBytes) {
        this(name, key, record, partitions, retention, retentionBytes, cleanupPolicy, maxMessageBytes,
                RecordClock.WRITER);
    }

    /** The topic-level broker configs this spec implies, as Admin expects them. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(retentionBytes));
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        // the writer's clock is Kafka's default: leaving it implicit keeps every existing topic's configs (and drift
        // reports) as they were
        if (clock == RecordClock.BROKER) {
            configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, clock.configValue());
        }
        return configs;
    }

    /** A copy of this spec with another partition count (e.g. a single-partition local run). */
    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, key, record, count, retention, retentionBytes, cleanupPolicy, maxMessageBytes,
                clock);
    }
}
