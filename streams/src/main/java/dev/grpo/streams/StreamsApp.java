package dev.grpo.streams;

import dev.grpo.schemas.TopicSpec;
import dev.grpo.streams.spi.RequiredTopics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Kafka Streams application of this module: creates its missing topics, starts, and
 * shuts the whole client down on an unexpected error (expected bad input never gets there: it is
 * dead-lettered), so a failure is loud rather than a thread silently looping over a poison record.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamAppConfig settings;
    private final List<TopicSpec> topics;
    private final KafkaStreams streams;

    /** An app running {@code topology} with {@code settings}, needing {@code topics}. */
    public StreamsApp(StreamAppConfig settings, Topology topology, List<TopicSpec> topics) {
        this.settings = settings;
        this.topics = List.copyOf(topics);
        this.streams = new KafkaStreams(topology, settings.properties());
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("{} failed; shutting down", settings.applicationId(), error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /** Creates missing topics and starts processing. */
    public void start() {
        RequiredTopics.ensure(settings.cluster(), topics);
        streams.start();
    }

    /** The Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The underlying client, for metrics and state listeners. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The application id. */
    public String applicationId() {
        return settings.applicationId();
    }

    /**
     * Stops processing, committing what was processed, within {@code timeout}, and leaves the consumer group: a
     * static member (see {@link StreamAppConfig#asInstance}) does not leave on its own, so without this an instance
     * stopped for good would hold its partitions until its session timed out.
     */
    public void close(Duration timeout) {
        streams.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
