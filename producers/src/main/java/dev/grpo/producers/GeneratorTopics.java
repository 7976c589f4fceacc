package dev.grpo.producers;

import dev.grpo.producers.internal.admission.ClaimTopic;
import dev.grpo.schemas.TopicCatalogue;

/**
 * The topics one generator reads and writes.
 *
 * @param prompts where prompts come from when the prompt source is the topic
 * @param rollouts where rollouts go
 * @param policyVersions where the learner announces checkpoints
 * @param claims the single-partition log in which generators claim group slots (see {@link ClaimTopic})
 */
public record GeneratorTopics(String prompts, String rollouts, String policyVersions, String claims) {

    /** Rejects blank names. */
    public GeneratorTopics {
        for (String name : new String[] {prompts, rollouts, policyVersions, claims}) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("every generator topic needs a name, got " + name);
            }
        }
    }

    /**
     * @param prefix a namespace's topic prefix
     * @return these topics in that namespace
     */
    public GeneratorTopics prefixed(String prefix) {
        return new GeneratorTopics(prefix + prompts, prefix + rollouts, prefix + policyVersions, prefix + claims);
    }

    /** @return the topics of the catalogue */
    public static GeneratorTopics standard() {
        return new GeneratorTopics(TopicCatalogue.PROMPTS.name(), TopicCatalogue.ROLLOUTS.name(),
                TopicCatalogue.POLICY_VERSIONS.name(), ClaimTopic.SPEC.name());
    }
}
