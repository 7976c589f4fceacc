package dev.grpo.streams.spi;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.TopicInstaller;
import dev.grpo.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/**
 * Creates the topics a stream app reads or writes when they do not exist yet (Kafka Streams
 * refuses to start on a missing source topic), as the topic catalogue specifies them. Existing
 * topics are left as they are.
 */
public final class RequiredTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RequiredTopics() {
    }

    /**
     * Creates whichever of {@code topics} (named as they are, prefix included) are missing on {@code cluster}
     * and returns once all of them are visible to clients.
     *
     * @throws IllegalStateException when the cluster cannot be reached or refuses a topic
     */
    public static void ensure(KafkaClusterConfig cluster, List<TopicSpec> topics) {
        try (Admin admin = Admin.create(cluster.client("required-topics", "admin",
                Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())))) {
            new TopicInstaller(admin, TIMEOUT).apply(topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot list or create topics on " + cluster.bootstrapServers() + ": "
                    + e.getMessage(), e);
        }
    }
}
