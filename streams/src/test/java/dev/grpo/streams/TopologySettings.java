package dev.grpo.streams;

import dev.grpo.streams.internal.assembler.AssemblerConfig;
import dev.grpo.streams.internal.rewards.RewardComponents;
import dev.grpo.streams.internal.sft.Selection;

/**
 * What the apps hand their topologies, derived from the public configuration exactly as the apps derive it: the
 * internals' tests configure a topology in the terms a user writes ({@code RewardConfig.defaults().with(...)}), while
 * the topologies themselves never see the API package.
 */
public final class TopologySettings {

    private TopologySettings() {
    }

    /** The reward components of {@code config}, as the rule scoring and the assembler read them. */
    public static RewardComponents components(RewardConfig config) {
        return config.components();
    }

    /** What the assembler's topology reads of {@code config}. */
    public static AssemblerConfig assembler(RewardConfig config) {
        return config.assembler();
    }

    /** The selection the rejection-sampling topology makes with {@code criteria}. */
    public static Selection selection(RejectionCriteria criteria) {
        return criteria.selection();
    }
}
