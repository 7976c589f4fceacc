package dev.grpo.producers.internal.admission;

import dev.grpo.schemas.CleanupPolicy;
import dev.grpo.schemas.RecordClock;
import dev.grpo.schemas.TopicSpec;
import java.time.Duration;

/**
 * The claims log: before it starts a group, a generator appends a claim (key: its generator id, value: the policy
 * version it will sample with, as decimal UTF-8 text, header {@code lease-ms}: how long the claim may hold its slot
 * unpublished); once the group is published it appends {@code published:<claim offset>}. The topic has one partition,
 * so the log orders every record of every generator, and each generator replays it with the same
 * {@link AdmissionRule} to the same verdicts. The broker stamps the records, so a lease ends by one clock for all.
 */
public final class ClaimTopic {

    /** The topic: one partition, kept 30 days, like the rollouts it accounts for, stamped by the broker. */
    public static final TopicSpec SPEC = named("grpo.generator.claims");

    private ClaimTopic() {
    }

    /**
     * @param name a topic name (tests and side-by-side runs use their own)
     * @return the claims topic's spec under that name
     */
    public static TopicSpec named(String name) {
        return new TopicSpec(name, "generator_id", "policy version (text) or published:<claim offset>", 1,
                Duration.ofDays(30), -1, CleanupPolicy.DELETE, 1024 * 1024, RecordClock.BROKER);
    }
}
