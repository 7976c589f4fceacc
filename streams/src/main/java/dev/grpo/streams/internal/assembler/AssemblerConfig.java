package dev.grpo.streams.internal.assembler;

import dev.grpo.streams.internal.rewards.RewardComponents;
import java.time.Duration;
import java.util.Objects;

/**
 * How the assembler turns groups into advantages: the components every member must have and their weights, how the
 * group's rewards are normalised, and how long and how large a group may get. The reward configuration validates
 * these values and hands them over.
 *
 * @param rewards the components, their weights and the tasks each applies to
 * @param scaleByStd divide by the group standard deviation; false is Dr. GRPO
 * @param epsilon added to the standard deviation
 * @param dropUniformGroups drop (and count) groups whose rewards are all equal, as DAPO's dynamic sampling
 * @param groupTimeout how long to wait for an incomplete group before dead-lettering it
 * @param maxGroupSize largest acceptable group size G; larger sizes are rejected as malformed
 */
public record AssemblerConfig(RewardComponents rewards, boolean scaleByStd, double epsilon, boolean dropUniformGroups,
        Duration groupTimeout, int maxGroupSize) {

    public AssemblerConfig {
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(groupTimeout, "groupTimeout");
    }
}
