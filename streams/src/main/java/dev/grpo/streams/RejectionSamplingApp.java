package dev.grpo.streams;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.internal.sft.RejectionSamplingTopology;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The rejection-sampling stream app: runs {@link RejectionSamplingTopology}, turning the pipeline's advantage
 * samples into supervised fine-tuning examples on {@code grpo.sft}. Reads from the earliest retained offset, so
 * started on a cluster with history it filters that history too.
 *
 * @param streams where and how it runs
 * @param criteria what it keeps
 * @param topics the topic names
 */
public record RejectionSamplingApp(StreamAppConfig streams, RejectionCriteria criteria, StreamTopics topics) {

    /** The default application id, also the stage name in its dead letters. */
    public static final String APPLICATION_ID = "grpo-rejection-sampling";

    public RejectionSamplingApp {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(topics, "topics");
    }

    /** The app with default settings on {@code cluster}, reading and writing the topics of its namespace. */
    public static RejectionSamplingApp of(KafkaClusterConfig cluster, Path stateDir, RejectionCriteria criteria) {
        return new RejectionSamplingApp(StreamAppConfig.of(cluster, APPLICATION_ID, stateDir), criteria,
                new StreamTopics(cluster.topicPrefix()));
    }

    /** The app, not started yet: a caller that watches its state sets the listener before {@link StreamsApp#start()}. */
    public StreamsApp create() {
        return new StreamsApp(streams, RejectionSamplingTopology.build(criteria.selection(), topics), List.of(
                topics.spec(topics.advantages()), topics.spec(RejectionSamplingTopology.sftTopic(topics)),
                topics.spec(topics.deadLetters())));
    }

    /**
     * The internal topic, named after {@code applicationId}, that regroups the kept samples by prompt: a caller
     * waiting for the filter to catch up waits on it too.
     */
    public static String repartitionTopic(String applicationId) {
        return RejectionSamplingTopology.repartitionTopic(applicationId);
    }

    /** A started app. */
    public StreamsApp start() {
        StreamsApp app = create();
        app.start();
        return app;
    }
}
