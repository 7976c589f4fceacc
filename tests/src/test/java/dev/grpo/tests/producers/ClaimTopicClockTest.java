package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.internal.admission.ClaimTopic;
import dev.grpo.producers.internal.kafka.ClusterProbe;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leases end by the claims log's timestamps, so the broker stamps them: a generator creates the claims topic with
 * LogAppendTime, and switches one created before leases (with the writers' clocks) to it when it starts.
 */
@ExtendWith(KafkaClusterExtension.class)
class ClaimTopicClockTest {

    @Test
    void aNewClaimsTopicIsStampedByTheBroker(KafkaCluster kafka) throws Exception {
        String name = kafka.uniqueName("claims");

        new ClusterProbe(KafkaClusterConfig.of(kafka.bootstrapServers()), 1, Duration.ofSeconds(10)).awaitWith(ClaimTopic.named(name));

        assertThat(timestampType(kafka, name)).isEqualTo("LogAppendTime");
    }

    @Test
    void aClaimsTopicFromBeforeLeasesIsSwitchedToTheBrokersClock(KafkaCluster kafka) throws Exception {
        String name = kafka.createTopic("claims", 1);
        assertThat(timestampType(kafka, name)).as("as created").isEqualTo("CreateTime");

        new ClusterProbe(KafkaClusterConfig.of(kafka.bootstrapServers()), 1, Duration.ofSeconds(10)).awaitWith(ClaimTopic.named(name));

        assertThat(timestampType(kafka, name)).isEqualTo("LogAppendTime");
    }

    private static String timestampType(KafkaCluster kafka, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return kafka.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value();
    }
}
