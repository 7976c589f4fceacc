package dev.grpo.producers.sampling;

import dev.grpo.records.Rollout;
import java.util.List;

/**
 * The G rollouts of one prompt, ready to publish.
 *
 * @param groupId the group id, the Kafka key of every rollout
 * @param version the policy version that generated every token
 * @param rollouts the members, index 0 to G-1
 */
public record SampledGroup(String groupId, long version, List<Rollout> rollouts) {

    /** Copies the list. */
    public SampledGroup {
        rollouts = List.copyOf(rollouts);
    }

    /** @return completion tokens over all members */
    public long completionTokens() {
        return rollouts.stream().mapToLong(r -> r.getCompletionTokenIds().size()).sum();
    }
}
