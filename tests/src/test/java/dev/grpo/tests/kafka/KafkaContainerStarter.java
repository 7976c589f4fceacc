package dev.grpo.tests.kafka;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Starts an {@code apache/kafka} container of the same version as the Kafka clients. Where no Docker
 * engine is available, {@link KafkaClusterExtension} skips the tests before this is reached.
 */
final class KafkaContainerStarter {

    private KafkaContainerStarter() {
    }

    static KafkaCluster start() {
        KafkaContainer container = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion())
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new KafkaCluster(container.getBootstrapServers(), container::stop);
    }
}
