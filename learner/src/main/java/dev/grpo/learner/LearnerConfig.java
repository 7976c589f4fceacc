package dev.grpo.learner;

import dev.grpo.learner.internal.kafka.Topics;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.OptimizerConfig;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.TopicCatalogue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a {@link GrpoLearner} needs to know, in five parts: where it reads and writes ({@link LearnerKafka}),
 * the GRPO objective ({@link LossConfig}), AdamW ({@link OptimizerConfig}), its checkpoints
 * ({@link Checkpointing}) and the run itself ({@link TrainingRun}). Build one with {@link #builder}; its defaults come
 * from DeepSeek-R1 where the paper gives one (KL coefficient 0.001, learning rate 3e-6, reference refresh every 400
 * steps) and the usual PPO/GRPO values elsewhere (ε 0.2/0.2, token-mean aggregation, gradient clipping at 1).
 *
 * @param learnerId names this training run: the key of its {@code PolicyVersion}s and its consumer group
 * @param kafka the cluster, topics and poll timeout
 * @param loss the objective; its norm length 0 stands for the model's max length
 *     (see {@link #lossSettings(int)})
 * @param optimizer AdamW's settings
 * @param checkpointing the starting policy and the checkpoints
 * @param run batching, staleness, limits, device and seed
 */
public record LearnerConfig(String learnerId, LearnerKafka kafka, LossConfig loss, OptimizerConfig optimizer,
                            Checkpointing checkpointing, TrainingRun run) {

    /** The truncated-IS cap an off-policy learner gets unless one is set: history may be far from the policy. */
    public static final double OFF_POLICY_RATIO_CAP = 2.0;

    /** Requires every part. */
    public LearnerConfig {
        if (learnerId == null || learnerId.isBlank()) {
            throw new IllegalArgumentException("learnerId is required");
        }
        require("kafka", kafka);
        require("loss", loss);
        require("optimizer", optimizer);
        require("checkpointing", checkpointing);
        require("run", run);
    }

    /**
     * A builder with the defaults, for a learner of the given id on the given cluster.
     *
     * @param learnerId the run's id
     * @param cluster the cluster
     * @param checkpointDirectory where checkpoints go
     * @return the builder
     */
    public static Builder builder(String learnerId, KafkaClusterConfig cluster, Path checkpointDirectory) {
        return new Builder(learnerId, cluster, checkpointDirectory);
    }

    /** @return the cluster (shorthand for {@code kafka().cluster()}) */
    public KafkaClusterConfig cluster() {
        return kafka.cluster();
    }

    /** @return the topics (shorthand for {@code kafka().topics()}) */
    public LearnerTopics topics() {
        return kafka.topics();
    }

    /**
     * @param modelMaxLength the policy's max length, the Dr. GRPO norm length when none is configured
     * @return the GRPO objective's settings with the norm length resolved
     */
    public LossConfig lossSettings(int modelMaxLength) {
        return loss.normLength() == 0 ? loss.withNormLength(modelMaxLength) : loss;
    }

    /**
     * @param timeout how long a group may wait for missing members
     * @return this config with that group timeout
     */
    public LearnerConfig withGroupTimeout(Duration timeout) {
        return withRun(run.withGroupTimeout(timeout));
    }

    /**
     * @param other another run part
     * @return this config with it
     */
    public LearnerConfig withRun(TrainingRun other) {
        return new LearnerConfig(learnerId, kafka, loss, optimizer, checkpointing, other);
    }

    /**
     * @param other another Kafka part
     * @return this config with it
     */
    public LearnerConfig withKafka(LearnerKafka other) {
        return new LearnerConfig(learnerId, other, loss, optimizer, checkpointing, run);
    }

    /**
     * The truncated-IS cap when none is set: off for on-policy training, where the behaviour policy trails the learner
     * by at most η steps; {@link #OFF_POLICY_RATIO_CAP} (or {@code 1 + clipHigh} when that is larger, the least cap the
     * loss accepts) for off-policy training, where the ratio against another lineage's log-probs is unbounded.
     *
     * @param offPolicy whether the learner trains on history
     * @param clipHigh ε_high
     * @return the cap, 0 meaning off
     */
    public static double defaultRatioCap(boolean offPolicy, double clipHigh) {
        return offPolicy ? Math.max(OFF_POLICY_RATIO_CAP, 1 + clipHigh) : 0;
    }

    static void require(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    static void requireAtLeast(String name, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be >= " + minimum + ", got " + value);
        }
    }

    static void requirePositive(String name, Duration value) {
        require(name, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /**
     * Collects a config field by field, starting from the defaults; {@link #build()} validates and names the first
     * field at fault. Settings that depend on others are resolved at build time, whatever the order they were set
     * in: the ratio cap defaults to {@link #defaultRatioCap} of the final off-policy flag and ε_high.
     */
    public static final class Builder {

        private final String learnerId;
        private final KafkaClusterConfig cluster;
        private final Path checkpointDirectory;
        private LearnerTopics topics = LearnerTopics.catalogue();
        private Duration pollTimeout = LearnerKafka.DEFAULT_POLL_TIMEOUT;
        private double clipLow = 0.2;
        private double clipHigh = 0.2;
        private double klCoefficient = 0.001;
        private LossAggregation aggregation = LossAggregation.TOKEN_MEAN;
        private Double ratioCap;
        private int lossNormLength;
        private PolicyLoss policyLoss = PolicyLoss.GRPO;
        private KlEstimator klEstimator = KlEstimator.K3;
        private double entropyCoefficient;
        private float learningRate = 3e-6f;
        private int warmupSteps;
        private float weightDecay;
        private float maxGradientNorm = 1f;
        private Path initialCheckpoint;
        private int checkpointEvery = 1;
        private int keepCheckpoints = Checkpointing.DEFAULT_KEEP;
        private int groupsPerStep = TrainingRun.DEFAULTS.groupsPerStep();
        private int groupsPerMiniBatch = TrainingRun.DEFAULTS.groupsPerMiniBatch();
        private long maxStaleness = TrainingRun.DEFAULTS.maxStaleness();
        private boolean offPolicy = TrainingRun.DEFAULTS.offPolicy();
        private int referenceRefreshSteps = TrainingRun.DEFAULTS.referenceRefreshSteps();
        private long maxSteps = TrainingRun.DEFAULTS.maxSteps();
        private Duration groupTimeout = TrainingRun.DEFAULTS.groupTimeout();
        private int padTokenId = TrainingRun.DEFAULTS.padTokenId();
        private String device = TrainingRun.DEFAULTS.device();
        private long seed = TrainingRun.DEFAULTS.seed();

        private Builder(String learnerId, KafkaClusterConfig cluster, Path checkpointDirectory) {
            this.learnerId = learnerId;
            this.cluster = cluster;
            this.checkpointDirectory = checkpointDirectory;
        }

        /** @param value the topics it reads and writes (default: the catalogue's) @return this builder */
        public Builder topics(LearnerTopics value) {
            topics = value;
            return this;
        }

        /** @param value how long one poll of the advantages topic waits @return this builder */
        public Builder pollTimeout(Duration value) {
            pollTimeout = value;
            return this;
        }

        /** @param value ε_low (default 0.2) @return this builder */
        public Builder clipLow(double value) {
            clipLow = value;
            return this;
        }

        /** @param value ε_high (default 0.2) @return this builder */
        public Builder clipHigh(double value) {
            clipHigh = value;
            return this;
        }

        /** @param value β (default 0.001; 0 = no KL term and no reference model) @return this builder */
        public Builder klCoefficient(double value) {
            klCoefficient = value;
            return this;
        }

        /** @param value the loss aggregation mode (default token-mean) @return this builder */
        public Builder aggregation(LossAggregation value) {
            aggregation = value;
            return this;
        }

        /** @param value the truncated-IS cap (0 = off; default {@link #defaultRatioCap}) @return this builder */
        public Builder ratioCap(double value) {
            ratioCap = value;
            return this;
        }

        /** @param value the Dr. GRPO norm length (default 0 = the model's max length) @return this builder */
        public Builder lossNormLength(int value) {
            lossNormLength = value;
            return this;
        }

        /** @param value the policy-gradient surrogate (default GRPO's clipped ratio) @return this builder */
        public Builder policyLoss(PolicyLoss value) {
            policyLoss = value;
            return this;
        }

        /** @param value the per-token KL estimator (default k3) @return this builder */
        public Builder klEstimator(KlEstimator value) {
            klEstimator = value;
            return this;
        }

        /** @param value the entropy bonus's weight (default 0 = off; >= 0) @return this builder */
        public Builder entropyCoefficient(double value) {
            entropyCoefficient = value;
            return this;
        }

        /** @param value AdamW's peak learning rate (default 3e-6) @return this builder */
        public Builder learningRate(float value) {
            learningRate = value;
            return this;
        }

        /** @param value linear warm-up steps (default 0) @return this builder */
        public Builder warmupSteps(int value) {
            warmupSteps = value;
            return this;
        }

        /** @param value AdamW's decoupled weight decay (default 0) @return this builder */
        public Builder weightDecay(float value) {
            weightDecay = value;
            return this;
        }

        /** @param value the global gradient-norm clip (default 1; 0 = off) @return this builder */
        public Builder maxGradientNorm(float value) {
            maxGradientNorm = value;
            return this;
        }

        /** @param value the policy to start from when no checkpoint exists yet @return this builder */
        public Builder initialCheckpoint(Path value) {
            initialCheckpoint = value;
            return this;
        }

        /** @param value checkpoint (and publish a version) every this many steps (default 1) @return this builder */
        public Builder checkpointEvery(int value) {
            checkpointEvery = value;
            return this;
        }

        /** @param value how many checkpoints to keep (default 3; 0 = all) @return this builder */
        public Builder keepCheckpoints(int value) {
            keepCheckpoints = value;
            return this;
        }

        /** @param value whole groups per optimiser step (default 8) @return this builder */
        public Builder groupsPerStep(int value) {
            groupsPerStep = value;
            return this;
        }

        /** @param value groups per forward/backward pass (default 0 = the whole step) @return this builder */
        public Builder groupsPerMiniBatch(int value) {
            groupsPerMiniBatch = value;
            return this;
        }

        /** @param value η, the staleness bound (default 4) @return this builder */
        public Builder maxStaleness(long value) {
            maxStaleness = value;
            return this;
        }

        /** @param value whether it trains on history from another lineage (default false) @return this builder */
        public Builder offPolicy(boolean value) {
            offPolicy = value;
            return this;
        }

        /** @param value copy the policy into the reference every this many steps (default 400; 0 = never) @return this builder */
        public Builder referenceRefreshSteps(int value) {
            referenceRefreshSteps = value;
            return this;
        }

        /** @param value stop after this many steps in total (default 0 = run until closed) @return this builder */
        public Builder maxSteps(long value) {
            maxSteps = value;
            return this;
        }

        /** @param value how long a group may miss members (default 5 minutes) @return this builder */
        public Builder groupTimeout(Duration value) {
            groupTimeout = value;
            return this;
        }

        /** @param value the tokenizer's pad id (default 0) @return this builder */
        public Builder padTokenId(int value) {
            padTokenId = value;
            return this;
        }

        /** @param value {@code auto} (default), {@code cpu}, {@code cuda} or {@code cuda:N} @return this builder */
        public Builder device(String value) {
            device = value;
            return this;
        }

        /** @param value seeds the mini-batch shuffling (default 0) @return this builder */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException naming the first field out of range
         */
        public LearnerConfig build() {
            LossConfig loss = new LossConfig(clipLow, clipHigh, klCoefficient, aggregation,
                    ratioCap != null ? ratioCap : defaultRatioCap(offPolicy, clipHigh), lossNormLength, policyLoss,
                    klEstimator, entropyCoefficient);
            return new LearnerConfig(learnerId, new LearnerKafka(cluster, topics, pollTimeout), loss, optimizer(),
                    new Checkpointing(initialCheckpoint, checkpointDirectory, checkpointEvery, keepCheckpoints),
                    new TrainingRun(groupsPerStep, groupsPerMiniBatch, maxStaleness, offPolicy, referenceRefreshSteps,
                            maxSteps, groupTimeout, padTokenId, device, seed));
        }

        /** AdamW with the configured rate, warm-up, decay and clipping; betas (0.9, 0.999), ε 1e-8. */
        private OptimizerConfig optimizer() {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            }
            requireAtLeast("warmupSteps", warmupSteps, 0);
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
            if (!(maxGradientNorm >= 0)) {
                throw new IllegalArgumentException("maxGradientNorm must be >= 0, got " + maxGradientNorm);
            }
            return new OptimizerConfig(learningRate, warmupSteps, 0, 1f, weightDecay, 0.9f, 0.999f, 1e-8f,
                    maxGradientNorm);
        }
    }

    /** Topic names, settable so tests and parallel runs can use their own. */
    public record LearnerTopics(String advantages, String stale, String policyVersions, String deadLetters)
            implements Topics {

        /** Suffix of the stale topic of a learner reading an advantages topic other than the live one. */
        public static final String STALE_SUFFIX = ".stale";
        /** Suffix of the dead-letter topic of a learner reading an advantages topic other than the live one. */
        public static final String DEAD_LETTERS_SUFFIX = ".dlq";

        /** Requires every name. */
        public LearnerTopics {
            if (advantages == null || advantages.isBlank() || stale == null || stale.isBlank()
                    || policyVersions == null || policyVersions.isBlank() || deadLetters == null
                    || deadLetters.isBlank()) {
                throw new IllegalArgumentException("the advantages, stale, policy-versions and dead-letter topic "
                        + "names are required");
            }
        }

        /** @return the catalogue's topics */
        public static LearnerTopics catalogue() {
            return new LearnerTopics(TopicCatalogue.ADVANTAGES.name(), TopicCatalogue.STALE.name(),
                    TopicCatalogue.POLICY_VERSIONS.name(), TopicCatalogue.DEAD_LETTERS.name());
        }

        /**
         * The topics of a learner reading {@code advantages}: the catalogue's for the live {@code grpo.advantages};
         * for any other (e.g. a replay's {@code grpo.advantages.<run>}) the stale samples and dead letters go to
         * {@code <advantages>.stale} and {@code <advantages>.dlq}, so that a history learner never writes into the live
         * pipeline's {@code grpo.stale} or {@code grpo.dlq}. Versions always go to the one policy-versions topic, keyed
         * by learner id.
         *
         * @param advantages the advantages topic to read
         * @return the topics
         */
        public static LearnerTopics reading(String advantages) {
            if (TopicCatalogue.ADVANTAGES.name().equals(advantages)) {
                return catalogue();
            }
            return new LearnerTopics(advantages, advantages + STALE_SUFFIX, TopicCatalogue.POLICY_VERSIONS.name(),
                    advantages + DEAD_LETTERS_SUFFIX);
        }

        /**
         * @param prefix a namespace's topic prefix ({@link KafkaClusterConfig#topicPrefix()})
         * @return these topics in that namespace
         */
        public LearnerTopics prefixed(String prefix) {
            return new LearnerTopics(prefix + advantages, prefix + stale, prefix + policyVersions, prefix + deadLetters);
        }

        /** @return whether these are the live pipeline's topics */
        public boolean live() {
            return TopicCatalogue.ADVANTAGES.name().equals(advantages);
        }
    }
}
