package dev.grpo.learner.internal.kafka;

/**
 * The names of the topics a learner reads and writes, as its Kafka side needs them; the API's
 * {@code LearnerConfig.LearnerTopics} is one, so this package does not depend on the API package.
 */
public interface Topics {

    /** @return the advantages topic it reads */
    String advantages();

    /** @return where stale samples go */
    String stale();

    /** @return where policy versions are announced */
    String policyVersions();

    /** @return where dead letters go */
    String deadLetters();
}
