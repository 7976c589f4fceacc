package dev.grpo.producers.config;

import dev.grpo.policy.sampling.SamplingSettings;
import dev.grpo.producers.template.PromptTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one generator process needs to know; the {@code grpo generate} options map onto it one to one.
 *
 * @param generatorId names this process in rollouts, claims and metrics; unique among running generators
 * @param bootstrapServers the Kafka cluster
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
 * @param swapRetry how long to wait before retrying a version whose checkpoint could not be loaded
 * @param topics the topics
 */
public record GeneratorConfig(
        String generatorId,
        String bootstrapServers,
        String learnerId,
        PromptOrigin origin,
        PromptTemplate template,
        int groupSize,
        int groupsPerStep,
        int maxStaleness,
        int maxConcurrentGroups,
        SamplingSettings sampling,
        long seed,
        Optional<Path> initialCheckpoint,
        Duration swapRetry,
        GeneratorTopics topics) {

    /** Validates every setting, naming the one that is wrong. */
    public GeneratorConfig {
        requireId("generator id", generatorId);
        requireId("learner id", learnerId);
        Objects.requireNonNull(bootstrapServers, "bootstrap servers");
        Objects.requireNonNull(origin, "prompt origin");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(sampling, "sampling settings");
        Objects.requireNonNull(initialCheckpoint, "initial checkpoint (use Optional.empty())");
        Objects.requireNonNull(topics, "topics");
        requireAtLeast("group size", groupSize, 1);
        requireAtLeast("groups per step", groupsPerStep, 1);
        requireAtLeast("max staleness", maxStaleness, 0);
        requireAtLeast("max concurrent groups", maxConcurrentGroups, 1);
        if (swapRetry == null || swapRetry.isNegative() || swapRetry.isZero()) {
            throw new IllegalArgumentException("swap retry must be a positive duration, got " + swapRetry);
        }
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
}
