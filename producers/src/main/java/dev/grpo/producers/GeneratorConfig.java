package dev.grpo.producers;

import dev.grpo.policy.SamplingConfig;
import dev.grpo.schemas.KafkaClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one generator process needs to know; the {@code grpo generate} options map onto it one to one, and
 * {@link #builder(String)} starts from their defaults.
 *
 * @param generatorId names this process in rollouts, claims and metrics; unique among running generators
 * @param cluster the Kafka cluster, with the namespace its topics and groups live in
 * @param learnerId the learner whose versions to follow (the key in the policy-versions topic)
 * @param origin where prompts come from
 * @param template wraps each prompt before sampling
 * @param groupSize G, completions sampled per prompt
 * @param groupsPerStep groups the learner trains on per optimiser step; must equal the learner's setting
 * @param maxStaleness η: no group is started whose rollouts could be trained more than η versions stale
 * @param maxConcurrentGroups groups sampled at the same time (also bounds prompts read ahead)
 * @param sampling temperature, top-p and token budget
 * @param seed seeds every completion's draw (with the group number and the index in the group)
 * @param initialCheckpoint the weights to start from (as version 0) while no version has been published
 * @param device where the policy runs: {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}, as
 *     {@link dev.grpo.policy.ComputeDevice#parse} reads it
 * @param samplingThreads PyTorch intra-op threads each sampling thread uses, set on that thread (PyTorch keeps the
 *     count per thread); 0 leaves a new thread's default, OpenMP's: every core. The demo uses it to split the cores
 *     between its generators and its learner; {@code grpo generate} leaves it 0
 * @param swapRetry how long to wait before retrying a version whose checkpoint could not be loaded
 * @param claimLease how long a granted claim holds its slot without its group being marked published; then the slot
 *     is released (a generator that died after claiming cannot stall the run). Must comfortably exceed the time to
 *     sample and publish a group: a group not ready within its first four fifths is dropped and claimed again
 * @param topics the topics
 * @param partialRollouts whether a newer version is taken between decode steps of the groups being sampled
 *     (in-flight weight updates: a completion's tokens may then come from several versions, each recorded, its
 *     staleness counted from the oldest) instead of only between groups
 */
public record GeneratorConfig(
        String generatorId,
        KafkaClusterConfig cluster,
        String learnerId,
        PromptOrigin origin,
        PromptTemplate template,
        int groupSize,
        int groupsPerStep,
        int maxStaleness,
        int maxConcurrentGroups,
        SamplingConfig sampling,
        long seed,
        Optional<Path> initialCheckpoint,
        String device,
        int samplingThreads,
        Duration swapRetry,
        Duration claimLease,
        GeneratorTopics topics,
        boolean partialRollouts) {

    /** The default of {@code --claim-lease}: long enough for a slow group, short enough to recover a stalled run. */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(3);

    /** Validates every setting, naming the one that is wrong. */
    public GeneratorConfig {
        requireId("generator id", generatorId);
        requireId("learner id", learnerId);
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(origin, "prompt origin");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(sampling, "sampling settings");
        Objects.requireNonNull(initialCheckpoint, "initial checkpoint (use Optional.empty())");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(topics, "topics");
        requireAtLeast("group size", groupSize, 1);
        requireAtLeast("groups per step", groupsPerStep, 1);
        requireAtLeast("max staleness", maxStaleness, 0);
        requireAtLeast("max concurrent groups", maxConcurrentGroups, 1);
        requireAtLeast("sampling threads", samplingThreads, 0);
        if (swapRetry == null || swapRetry.isNegative() || swapRetry.isZero()) {
            throw new IllegalArgumentException("swap retry must be a positive duration, got " + swapRetry);
        }
        // claims carry their lease in whole milliseconds
        if (claimLease == null || claimLease.toMillis() < 1) {
            throw new IllegalArgumentException("claim lease must be at least 1 ms, got " + claimLease);
        }
    }

    /**
     * @param generatorId names the generator
     * @return a builder holding {@code grpo generate}'s defaults
     */
    public static Builder builder(String generatorId) {
        return new Builder(generatorId);
    }

    private static void requireId(String what, String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(what + " must be 1-100 letters, digits, '.', '_' or '-', got '" + id + "'");
        }
    }

    private static void requireAtLeast(String what, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(what + " must be >= " + least + ", got " + value);
        }
    }

    /** Builds a {@link GeneratorConfig} from {@code grpo generate}'s defaults; {@link #build()} validates. */
    public static final class Builder {

        private final String generatorId;
        private KafkaClusterConfig cluster = KafkaClusterConfig.of("localhost:9092");
        private String learnerId = "learner";
        private PromptOrigin origin = new PromptOrigin.SyntheticTask(0);
        private PromptTemplate template = PromptTemplate.PLAIN;
        private int groupSize = 8;
        private int groupsPerStep = 8;
        private int maxStaleness = 4;
        private int maxConcurrentGroups = 2;
        private SamplingConfig sampling = new SamplingConfig(1.0f, 1.0f, 96);
        private long seed;
        private Optional<Path> initialCheckpoint = Optional.empty();
        private String device = "auto";
        private int samplingThreads;
        private Duration swapRetry = Duration.ofSeconds(5);
        private Duration claimLease = DEFAULT_CLAIM_LEASE;
        private GeneratorTopics topics;
        private boolean partialRollouts;

        private Builder(String generatorId) {
            this.generatorId = generatorId;
        }

        /** Sets the Kafka cluster (default: a plain one at localhost:9092). */
        public Builder cluster(KafkaClusterConfig config) {
            this.cluster = config;
            return this;
        }

        /** Sets a plain Kafka cluster, no client properties and no prefix (tests). */
        public Builder bootstrapServers(String servers) {
            return cluster(KafkaClusterConfig.of(servers));
        }

        /** Sets the learner whose versions to follow. */
        public Builder learnerId(String id) {
            this.learnerId = id;
            return this;
        }

        /** Sets where prompts come from. */
        public Builder origin(PromptOrigin prompts) {
            this.origin = prompts;
            return this;
        }

        /** Sets the template wrapping each prompt. */
        public Builder template(PromptTemplate wrapper) {
            this.template = wrapper;
            return this;
        }

        /** Sets G, completions per prompt. */
        public Builder groupSize(int size) {
            this.groupSize = size;
            return this;
        }

        /** Sets B, the learner's groups per step. */
        public Builder groupsPerStep(int groups) {
            this.groupsPerStep = groups;
            return this;
        }

        /** Sets η, the staleness bound. */
        public Builder maxStaleness(int eta) {
            this.maxStaleness = eta;
            return this;
        }

        /** Sets how many groups are sampled at the same time. */
        public Builder maxConcurrentGroups(int groups) {
            this.maxConcurrentGroups = groups;
            return this;
        }

        /** Sets temperature, top-p and token budget. */
        public Builder sampling(SamplingConfig settings) {
            this.sampling = settings;
            return this;
        }

        /** Sets the seed of every completion's draw. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Sets the weights to start from while no version is published. */
        public Builder initialCheckpoint(Path checkpoint) {
            this.initialCheckpoint = Optional.of(checkpoint);
            return this;
        }

        /** Sets where the policy runs: auto (default), cpu, cuda or cuda:N. */
        public Builder device(String name) {
            this.device = name;
            return this;
        }

        /** Sets the PyTorch intra-op threads of each sampling thread (default 0: a new thread's default). */
        public Builder samplingThreads(int threads) {
            this.samplingThreads = threads;
            return this;
        }

        /** Sets the wait before retrying a version that failed to load. */
        public Builder swapRetry(Duration wait) {
            this.swapRetry = wait;
            return this;
        }

        /** Sets how long a claim holds its slot unpublished. */
        public Builder claimLease(Duration lease) {
            this.claimLease = lease;
            return this;
        }

        /** Sets the topics (default: the catalogue's, behind the cluster's prefix). */
        public Builder topics(GeneratorTopics names) {
            this.topics = names;
            return this;
        }

        /** Sets whether versions are taken between decode steps of running groups (default off: between groups). */
        public Builder partialRollouts(boolean enabled) {
            this.partialRollouts = enabled;
            return this;
        }

        /** @return the configuration, validated */
        public GeneratorConfig build() {
            return new GeneratorConfig(generatorId, cluster, learnerId, origin, template, groupSize,
                    groupsPerStep, maxStaleness, maxConcurrentGroups, sampling, seed, initialCheckpoint, device, samplingThreads,
                    swapRetry, claimLease,
                    topics != null ? topics : GeneratorTopics.standard().prefixed(cluster.topicPrefix()),
                    partialRollouts);
        }
    }
}
