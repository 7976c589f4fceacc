package dev.grpo.workflow.demo;

import dev.grpo.learner.PolicyLoss;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one demo run is configured with.
 *
 * @param out the run's folder: broker data, stream state, learner checkpoints, the report
 * @param baseCheckpoint the pretrained policy the run starts from
 * @param bootstrapServers an existing cluster, or empty to start the embedded broker under {@code out}
 * @param steps learner versions to train
 * @param maxStaleness the staleness bound η for generators and learner
 * @param languageReward whether the language-consistency reward counts (weight 1) or is only measured (weight 0)
 * @param generators generator clients to run
 * @param groupSize completions per prompt G
 * @param groupsPerStep groups per optimiser step B
 * @param learningRate the learner's AdamW learning rate
 * @param klCoefficient weight of the KL to the initial policy
 * @param policyLoss the learner's policy-gradient surrogate
 * @param temperature sampling temperature of the training rollouts
 * @param maxNewTokens token budget per completion, training and evaluation
 * @param evalPrompts held-out prompts evaluated before and after training
 * @param evalK samples per held-out prompt
 * @param seed seeds prompts, sampling and the learner
 * @param claimLease how long a generator's granted claim holds its slot unpublished (a rerun after a kill gets the
 *     slots of the killed run's unfinished groups back once their leases end)
 * @param device where the generators, the learner and the evaluations run their models ({@code auto}, {@code cpu},
 *     {@code cuda} or {@code cuda:N}); empty: each picks its own, as before there was a choice (the generators
 *     {@code auto}, the learner and the evaluations the CPU)
 * @param cores PyTorch threads of the learner and of each sampling thread
 * @param partialRollouts whether the generators take a new version between decode steps of the groups they are
 *     sampling (in-flight weight updates) instead of only between groups
 */
public record DemoConfig(Path out, Path baseCheckpoint, Optional<String> bootstrapServers, int steps,
                           int maxStaleness, boolean languageReward, int generators, int groupSize,
                           int groupsPerStep, float learningRate, double klCoefficient, PolicyLoss policyLoss,
                           float temperature, int maxNewTokens, int evalPrompts, int evalK, long seed,
                           Duration claimLease, Optional<String> device, CoreSplit cores, boolean partialRollouts) {

    /** Validates the counts, naming the first one out of range. */
    public DemoConfig {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(baseCheckpoint, "base checkpoint");
        Objects.requireNonNull(bootstrapServers, "bootstrap servers");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(policyLoss, "policy loss");
        requirePositive("--steps", steps);
        requirePositive("--generators", generators);
        requirePositive("--group-size", groupSize);
        requirePositive("--groups-per-step", groupsPerStep);
        requirePositive("--eval-prompts", evalPrompts);
        requirePositive("--eval-k", evalK);
        requirePositive("--max-new-tokens", maxNewTokens);
        if (maxStaleness < 0) {
            throw new IllegalArgumentException("--max-staleness must be >= 0, got " + maxStaleness);
        }
        Objects.requireNonNull(cores, "cores");
        if (claimLease == null || claimLease.toMillis() < 1) {
            throw new IllegalArgumentException("--claim-lease must be at least 1 ms, got " + claimLease);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
    }

    /**
     * A builder starting from the demo's defaults (those of {@code grpo demo}): 120 steps, η = 2, the language
     * reward on, one generator, G = 8, B = 8, lr 1e-4, no KL, temperature 1, 96 new tokens, 200 held-out prompts × 4,
     * seed 0, 3-minute claim leases, the embedded broker, each stage on its own device, and the cores split as
     * {@link CoreSplit#forStaleness} says for the bound.
     */
    public static Builder builder(Path out, Path baseCheckpoint) {
        return new Builder(out, baseCheckpoint);
    }

    /** Builds a {@link DemoConfig}; every setter overrides one default, {@link #build()} validates. */
    public static final class Builder {

        private final Path out;
        private final Path baseCheckpoint;
        private Optional<String> bootstrapServers = Optional.empty();
        private int steps = 120;
        private int maxStaleness = 2;
        private boolean languageReward = true;
        private int generators = 1;
        private int groupSize = 8;
        private int groupsPerStep = 8;
        private float learningRate = 1e-4f;
        private double klCoefficient;
        private PolicyLoss policyLoss = PolicyLoss.GRPO;
        private float temperature = 1.0f;
        private int maxNewTokens = 96;
        private int evalPrompts = 200;
        private int evalK = 4;
        private long seed;
        private Duration claimLease = Duration.ofMinutes(3);
        private Optional<String> device = Optional.empty();
        private Integer learnerThreads;
        private Integer generatorThreads;
        private boolean partialRollouts;

        private Builder(Path out, Path baseCheckpoint) {
            this.out = out;
            this.baseCheckpoint = baseCheckpoint;
        }

        /** An existing cluster instead of the embedded broker (empty: the embedded one). */
        public Builder bootstrapServers(Optional<String> value) {
            bootstrapServers = value;
            return this;
        }

        /** Learner versions to train. */
        public Builder steps(int value) {
            steps = value;
            return this;
        }

        /** The staleness bound η. */
        public Builder maxStaleness(int value) {
            maxStaleness = value;
            return this;
        }

        /** Whether the language-consistency reward counts (else it is only measured). */
        public Builder languageReward(boolean value) {
            languageReward = value;
            return this;
        }

        /** Generator clients. */
        public Builder generators(int value) {
            generators = value;
            return this;
        }

        /** Completions per prompt G. */
        public Builder groupSize(int value) {
            groupSize = value;
            return this;
        }

        /** Groups per optimiser step B. */
        public Builder groupsPerStep(int value) {
            groupsPerStep = value;
            return this;
        }

        /** The learner's learning rate. */
        public Builder learningRate(float value) {
            learningRate = value;
            return this;
        }

        /** Weight of the KL to the initial policy. */
        public Builder klCoefficient(double value) {
            klCoefficient = value;
            return this;
        }

        /** The learner's policy-gradient surrogate (default GRPO's). */
        public Builder policyLoss(PolicyLoss value) {
            policyLoss = value;
            return this;
        }

        /** Sampling temperature of the training rollouts. */
        public Builder temperature(float value) {
            temperature = value;
            return this;
        }

        /** Token budget per completion. */
        public Builder maxNewTokens(int value) {
            maxNewTokens = value;
            return this;
        }

        /** Held-out prompts evaluated before and after training, and samples per prompt. */
        public Builder evaluation(int prompts, int k) {
            evalPrompts = prompts;
            evalK = k;
            return this;
        }

        /** Seeds prompts, sampling and the learner. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** How long a granted claim holds its slot unpublished. */
        public Builder claimLease(Duration value) {
            claimLease = value;
            return this;
        }

        /** Where the generators, the learner and the evaluations run (empty: each its own, as before). */
        public Builder device(Optional<String> value) {
            device = value;
            return this;
        }

        /** PyTorch threads of the learner's thread (0: every core; unset: as {@link CoreSplit#forStaleness}). */
        public Builder learnerThreads(int value) {
            learnerThreads = value;
            return this;
        }

        /** PyTorch threads of each sampling thread (0: every core; unset: as {@link CoreSplit#forStaleness}). */
        public Builder generatorThreads(int value) {
            generatorThreads = value;
            return this;
        }

        /** Whether generators take new versions between decode steps (default off: between groups). */
        public Builder partialRollouts(boolean value) {
            partialRollouts = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value out of range */
        public DemoConfig build() {
            return new DemoConfig(out, baseCheckpoint, bootstrapServers, steps, maxStaleness, languageReward,
                    generators, groupSize, groupsPerStep, learningRate, klCoefficient, policyLoss, temperature,
                    maxNewTokens, evalPrompts, evalK, seed, claimLease, device, cores(), partialRollouts);
        }

        private CoreSplit cores() {
            CoreSplit defaults = CoreSplit.forStaleness(maxStaleness);
            return new CoreSplit(learnerThreads != null ? learnerThreads : defaults.learnerThreads(),
                    generatorThreads != null ? generatorThreads : defaults.generatorThreads());
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
