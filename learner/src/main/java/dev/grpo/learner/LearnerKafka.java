package dev.grpo.learner;

import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.schemas.KafkaClusterConfig;

import java.time.Duration;

/**
 * Where a learner reads and writes: the cluster (whose prefix goes before the consumer group, the learner id), the
 * topics, and how long one poll of the advantages topic waits.
 *
 * @param cluster the Kafka cluster
 * @param topics the topics it reads and writes
 * @param pollTimeout how long one poll of the advantages topic waits
 */
public record LearnerKafka(KafkaClusterConfig cluster, LearnerTopics topics, Duration pollTimeout) {

    /** How long a poll waits unless set otherwise: short, so that closing the learner is prompt. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(200);

    /** Requires every part and a positive poll timeout. */
    public LearnerKafka {
        LearnerConfig.require("cluster", cluster);
        LearnerConfig.require("topics", topics);
        LearnerConfig.requirePositive("pollTimeout", pollTimeout);
    }

    /**
     * @param cluster the cluster
     * @return the catalogue's topics on that cluster, with the {@link #DEFAULT_POLL_TIMEOUT}
     */
    public static LearnerKafka of(KafkaClusterConfig cluster) {
        return new LearnerKafka(cluster, LearnerTopics.catalogue(), DEFAULT_POLL_TIMEOUT);
    }
}
