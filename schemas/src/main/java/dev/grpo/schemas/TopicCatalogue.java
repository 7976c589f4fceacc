package dev.grpo.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The topics of the pipeline, as the data-flow diagram in ARCHITECTURE.md draws them. Every
 * stage names topics through this catalogue; {@code grpo topics create} applies it to a cluster.
 */
public final class TopicCatalogue {

    /** Partitions of every topic keyed by group id; they must be equal for co-partitioning. */
    public static final int GROUP_PARTITIONS = 6;

    /** Prefix of the per-component reward topics, {@code grpo.rewards.<component>}. */
    public static final String REWARDS_PREFIX = "grpo.rewards.";

    private static final Pattern COMPONENT_NAME = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,62}");
    private static final Duration HISTORY = Duration.ofDays(30);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final long HISTORY_BYTES = 8L * 1024 * 1024 * 1024;
    private static final int MIB = 1024 * 1024;

    public static final TopicSpec PROMPTS = new TopicSpec(
            "grpo.prompts", "prompt_id", "Prompt", GROUP_PARTITIONS, HISTORY, -1, CleanupPolicy.DELETE, MIB);
    /** Rollouts are the history that replay re-reads, so they are kept for 30 days or 8 GiB per partition. */
    public static final TopicSpec ROLLOUTS = new TopicSpec(
            "grpo.rollouts", "group_id", "Rollout", GROUP_PARTITIONS, HISTORY, HISTORY_BYTES, CleanupPolicy.DELETE, 8 * MIB);
    public static final TopicSpec RULE_REWARDS = rewards("rules");
    public static final TopicSpec ADVANTAGES = new TopicSpec(
            "grpo.advantages", "group_id", "AdvantageSample", GROUP_PARTITIONS, HISTORY, HISTORY_BYTES, CleanupPolicy.DELETE, 8 * MIB);
    public static final TopicSpec STALE = new TopicSpec(
            "grpo.stale", "group_id", "AdvantageSample", GROUP_PARTITIONS, WEEK, -1, CleanupPolicy.DELETE, 8 * MIB);
    /**
     * Rejection-sampled SFT examples, keyed by prompt id (the filter caps them per prompt); kept like the rollouts
     * they come from, since an SFT set is history that later runs (cold start, distillation) train on.
     */
    public static final TopicSpec SFT = new TopicSpec(
            "grpo.sft", "prompt_id", "SftExample", GROUP_PARTITIONS, HISTORY, HISTORY_BYTES, CleanupPolicy.DELETE, 8 * MIB);
    /** Compacted, keyed by learner id: a newcomer reads the latest version of every learner. */
    public static final TopicSpec POLICY_VERSIONS = new TopicSpec(
            "grpo.policy.versions", "learner_id", "PolicyVersion", 1, null, -1, CleanupPolicy.COMPACT, MIB);
    public static final TopicSpec DEAD_LETTERS = new TopicSpec(
            "grpo.dlq", "original key", "DeadLetter", 1, HISTORY, -1, CleanupPolicy.DELETE, 16 * MIB);

    private static final List<TopicSpec> ALL =
            List.of(PROMPTS, ROLLOUTS, RULE_REWARDS, ADVANTAGES, STALE, SFT, POLICY_VERSIONS, DEAD_LETTERS);

    private TopicCatalogue() {
    }

    /** Every topic the pipeline needs before it starts, in data-flow order. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** The spec of a catalogue topic by name, including any {@code grpo.rewards.<component>} topic. */
    public static Optional<TopicSpec> byName(String name) {
        Optional<TopicSpec> fixed = ALL.stream().filter(t -> t.name().equals(name)).findFirst();
        if (fixed.isPresent() || !name.startsWith(REWARDS_PREFIX)) {
            return fixed;
        }
        String component = name.substring(REWARDS_PREFIX.length());
        return COMPONENT_NAME.matcher(component).matches() ? Optional.of(rewards(component)) : Optional.empty();
    }

    /**
     * The topic an external or in-process reward component publishes its {@code RewardScore}s to.
     *
     * @throws IllegalArgumentException if the component name is not lower-case letters, digits, '_' or '-'
     */
    public static TopicSpec rewards(String component) {
        if (component == null || !COMPONENT_NAME.matcher(component).matches()) {
            throw new IllegalArgumentException("reward component name must match " + COMPONENT_NAME.pattern()
                    + " (lower-case letters, digits, '_' or '-'), got '" + component + "'");
        }
        return new TopicSpec(REWARDS_PREFIX + component, "group_id", "RewardScore", GROUP_PARTITIONS, HISTORY,
                -1, CleanupPolicy.DELETE, MIB);
    }
}
