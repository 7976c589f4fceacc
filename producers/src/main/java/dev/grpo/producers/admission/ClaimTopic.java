package dev.grpo.producers.admission;

import dev.grpo.schemas.topics.CleanupPolicy;
import dev.grpo.schemas.topics.TopicSpec;
import java.time.Duration;

/**
 * The claims log: before it starts a group, a generator appends a claim (key: its generator id, value: the policy
 * version it will sample with, as decimal UTF-8 text). The topic has one partition, so the log orders every claim
 * of every generator, and each generator replays it with the same {@link AdmissionRule} to the same verdicts.
 */
public final class ClaimTopic {

    /** The topic: one partition, kept 30 days, like the rollouts it accounts for. */
    public static final TopicSpec SPEC = named("grpo.generator.claims");

    private ClaimTopic() {
    }

    /**
     * @param name a topic name (tests and side-by-side runs use their own)
     * @return the claims topic's spec under that name
     */
    public static TopicSpec named(String name) {
        return new TopicSpec(name, "generator_id", "policy version (text)", 1, Duration.ofDays(30), -1,
                CleanupPolicy.DELETE, 1024 * 1024);
    }
}
