package dev.grpo.coderewards;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.spi.StreamTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the code-reward stage needs to run. Build with {@link #builder(KafkaClusterConfig)}; every other setting has a
 * default.
 *
 * @param cluster the Kafka cluster; its prefix goes before the group and transactional ids
 * @param groupId the consumer group (within the cluster's namespace), also the stage name in dead letters and the
 *     prefix of the transactional id
 * @param instanceId names this instance: it joins the group as the static member {@code <group>-<instance>} and
 *     produces with that transactional id, so a restarted instance takes its partitions back at once and fences its
 *     killed predecessor; keep it across restarts, and give instances running at the same time different ones
 * @param workers how many programs run at the same time
 * @param partial score the fraction of tests passed instead of all-or-nothing
 * @param topics where rollouts are read and scores and dead letters written
 * @param pollTimeout how long one poll waits for rollouts
 * @param sandboxRetries how many more times a program is run when the sandbox (not the program) failed
 * @param drainTimeout how long a graceful stop waits for programs still running before abandoning them
 * @param overrides further Kafka client settings, applied last to the consumer and the producer
 */
public record CodeRewardConfig(KafkaClusterConfig cluster, String groupId, String instanceId, int workers,
        boolean partial, StreamTopics topics, Duration pollTimeout, int sandboxRetries, Duration drainTimeout,
        Map<String, Object> overrides) {

    /** The default consumer group. */
    public static final String DEFAULT_GROUP_ID = "grpo-code-reward";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** Checks every setting, naming the bad one. */
    public CodeRewardConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(cluster, "cluster");
        requireName("group id", groupId);
        requireName("instance id", instanceId);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (sandboxRetries < 0) {
            throw new IllegalArgumentException("sandbox retries must be >= 0, got " + sandboxRetries);
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("poll timeout must be positive and drain timeout not negative, got "
                    + pollTimeout + " and " + drainTimeout);
        }
        overrides = Map.copyOf(overrides);
    }

    /**
     * Settings for {@code cluster}, to adjust before {@link Builder#build()}; the topics default to the catalogue's in
     * the cluster's namespace.
     */
    public static Builder builder(KafkaClusterConfig cluster) {
        return new Builder(cluster);
    }

    /** Settings for a plain cluster at {@code bootstrapServers} (tests). */
    public static Builder builder(String bootstrapServers) {
        return builder(KafkaClusterConfig.of(bootstrapServers));
    }

    /** The static member id and transactional id of this instance: {@code <group>-<instance>}. */
    public String memberId() {
        return groupId + "-" + instanceId;
    }

    /**
     * How many rollouts may be polled and not yet committed before the consumer pauses: two per worker, so the pool
     * never idles while the next poll comes in, yet a rebalance abandons little work.
     */
    public int capacity() {
        return 2 * workers;
    }

    private static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 128 letters, digits, '.', '_' or '-', got '"
                    + value + "'");
        }
    }

    /** Builds {@link CodeRewardConfig}; each setter returns the builder. */
    public static final class Builder {

        private final KafkaClusterConfig cluster;
        private String groupId = DEFAULT_GROUP_ID;
        private String instanceId = "0";
        private int workers = Runtime.getRuntime().availableProcessors();
        private boolean partial;
        private StreamTopics topics;
        private Duration pollTimeout = Duration.ofMillis(100);
        private int sandboxRetries = 2;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private final Map<String, Object> overrides = new HashMap<>();

        private Builder(KafkaClusterConfig cluster) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
            this.topics = new StreamTopics(cluster.topicPrefix());
        }

        /** The consumer group (default {@value #DEFAULT_GROUP_ID}). */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** This instance's name, kept across restarts (default "0"). */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        /** Programs run at the same time (default: the number of cores). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Score the fraction of tests passed (default: all-or-nothing, the R1 rule). */
        public Builder partial(boolean partial) {
            this.partial = partial;
            return this;
        }

        /** The topics (default: the catalogue's, behind the cluster's prefix). */
        public Builder topics(StreamTopics topics) {
            this.topics = topics;
            return this;
        }

        /** How long one poll waits (default 100 ms). */
        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        /** Reruns after a sandbox failure before the stage stops (default 2). */
        public Builder sandboxRetries(int sandboxRetries) {
            this.sandboxRetries = sandboxRetries;
            return this;
        }

        /** How long a graceful stop waits for running programs (default 30 s). */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        /** A Kafka client setting applied last to the consumer and the producer. */
        public Builder override(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        /** The settings. @throws IllegalArgumentException naming a bad setting */
        public CodeRewardConfig build() {
            return new CodeRewardConfig(cluster, groupId, instanceId, workers, partial, topics, pollTimeout,
                    sandboxRetries, drainTimeout, overrides);
        }
    }
}
