package dev.grpo.workflow.demo;

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
 * @param temperature sampling temperature of the training rollouts
 * @param maxNewTokens token budget per completion, training and evaluation
 * @param evalPrompts held-out prompts evaluated before and after training
 * @param evalK samples per held-out prompt
 * @param seed seeds prompts, sampling and the learner
 * @param claimLease how long a generator's granted claim holds its slot unpublished (a rerun after a kill gets the
 *     slots of the killed run's unfinished groups back once their leases end)
 */
public record DemoConfig(Path out, Path baseCheckpoint, Optional<String> bootstrapServers, int steps,
                           int maxStaleness, boolean languageReward, int generators, int groupSize,
                           int groupsPerStep, float learningRate, double klCoefficient, float temperature,
                           int maxNewTokens, int evalPrompts, int evalK, long seed, Duration claimLease) {

    /** Validates the counts, naming the first one out of range. */
    public DemoConfig {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(baseCheckpoint, "base checkpoint");
        Objects.requireNonNull(bootstrapServers, "bootstrap servers");
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
        if (claimLease == null || claimLease.toMillis() < 1) {
            throw new IllegalArgumentException("--claim-lease must be at least 1 ms, got " + claimLease);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
