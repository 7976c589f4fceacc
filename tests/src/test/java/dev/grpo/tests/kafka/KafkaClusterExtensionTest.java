package dev.grpo.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension shares one cluster and hands out topics that no two tests share. */
@ExtendWith(KafkaClusterExtension.class)
class KafkaClusterExtensionTest {

    private final KafkaCluster injectedIntoConstructor;

    KafkaClusterExtensionTest(KafkaCluster kafka) {
        this.injectedIntoConstructor = kafka;
    }

    @Test
    void everyInjectionIsTheSameCluster(KafkaCluster kafka) {
        assertThat(kafka).isSameAs(injectedIntoConstructor);
        assertThat(kafka.bootstrapServers()).isNotBlank();
    }

    @Test
    void createdTopicsAreUniqueAndHaveTheRequestedPartitions(KafkaCluster kafka) throws Exception {
        String first = kafka.createTopic("fresh", 3);
        String second = kafka.createTopic("fresh", 1);

        assertThat(first).startsWith("fresh-").isNotEqualTo(second);
        Set<String> topics = kafka.admin().listTopics().names().get();
        assertThat(topics).contains(first, second);
        assertThat(kafka.admin().describeTopics(Set.of(first)).allTopicNames().get().get(first).partitions()).hasSize(3);
    }
}
