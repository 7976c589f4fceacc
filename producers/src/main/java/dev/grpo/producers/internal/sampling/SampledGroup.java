package dev.grpo.producers.internal.sampling;

import dev.grpo.producers.internal.admission.Admission;
import dev.grpo.records.Rollout;
import java.util.List;

/**
 * The G rollouts of one prompt, ready to publish.
 *
 * @param admission the granted claim the group was sampled under
 * @param version the oldest policy version of its tokens (the version of every token without partial rollouts)
 * @param rollouts the members, index 0 to G-1
 */
public record SampledGroup(Admission admission, long version, List<Rollout> rollouts) {

    /** Copies the list. */
    public SampledGroup {
        rollouts = List.copyOf(rollouts);
    }

    /** @return the group id, the Kafka key of every rollout */
    public String groupId() {
        return admission.groupId();
    }

    /** @return completion tokens over all members */
    public long completionTokens() {
        return rollouts.stream().mapToLong(r -> r.getCompletionTokenIds().size()).sum();
    }
}
