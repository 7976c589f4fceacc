package dev.grpo.tests.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.broker.BrokerSecurity;
import dev.grpo.broker.BrokerStartupException;
import dev.grpo.broker.EmbeddedKafkaBroker;
import dev.grpo.broker.SecuredListener;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker {@code grpo broker} runs keeps its data directory, and the records in it, across
 * restarts, and refuses to share a directory or a port. Each test runs its own broker.
 */
class EmbeddedKafkaBrokerTest {

    private static final String TOPIC = "survivors";

    @Test
    void aRestartOnTheSameDataDirectoryKeepsClusterIdAndRecords(@TempDir Path dir) throws Exception {
        String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dir))) {
            assertThat(first.formattedNow()).isTrue();
            clusterId = first.clusterId();
            produce(first.bootstrapServers(), "g-1", "before the restart");
        }
        assertThat(dir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dir))) {
            assertThat(second.formattedNow()).isFalse();
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(readAll(second.bootstrapServers(), 1)).containsExactly("g-1=before the restart");
        }
    }

    @Test
    void aSecuredBrokerWritesAnAdminPropertiesFileThatLogsInOverTlsAndKeepsItsUsersAcrossRestarts(@TempDir Path parent)
            throws Exception {
        Path dir = parent.resolve("kafka");
        EmbeddedKafkaBroker.Options options = EmbeddedKafkaBroker.Options.inDirectory(dir)
                .withSecurity(BrokerSecurity.saslSsl(Map.of("alice", "alice-secret")));
        String firstAdminPassword;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(options)) {
            SecuredListener listener = first.securedListener().orElseThrow();
            firstAdminPassword = listener.adminPassword();
            assertThat(listener.adminProperties()).isEqualTo(parent.resolve("kafka-security/admin.properties"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent.resolve("kafka-security"))))
                    .isEqualTo("rwx------");
            assertThat(clusterIdAs(properties(listener.adminProperties()))).isEqualTo(first.clusterId());
            assertThat(clusterIdAs(listener.clientConfig("alice", "alice-secret"))).isEqualTo(first.clusterId());
        }

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(options.withSecurity(BrokerSecurity.saslSsl(Map.of())))) {
            SecuredListener listener = second.securedListener().orElseThrow();
            assertThat(listener.adminPassword()).isNotEqualTo(firstAdminPassword);
            assertThat(clusterIdAs(properties(listener.adminProperties()))).isEqualTo(second.clusterId());
            assertThat(clusterIdAs(listener.clientConfig("alice", "alice-secret"))).isEqualTo(second.clusterId());
        }
    }

    @Test
    void aPlaintextBrokerHasNoSecuredListener(@TempDir Path dir) {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dir))) {
            assertThat(broker.securedListener()).isEmpty();
        }
    }

    private static Map<String, Object> properties(Path file) throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, Object> config = new HashMap<>();
        properties.forEach((key, value) -> config.put((String) key, value));
        return config;
    }

    private static String clusterIdAs(Map<String, Object> clientConfig) throws Exception {
        try (Admin admin = Admin.create(clientConfig)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNewDataDirectoryIsCreatedAndFormatted(@TempDir Path parent) {
        Path dir = parent.resolve("nested/kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dir))) {
            assertThat(broker.formattedNow()).isTrue();
            assertThat(broker.clusterId()).isNotBlank();
            assertThat(broker.options().port()).isPositive();
            assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + broker.options().port());
            assertThat(Files.exists(dir.resolve("meta.properties"))).isTrue();
        }
    }

    @Test
    void aSecondBrokerOnADirectoryInUseIsRefusedAndTheFirstKeepsRunning(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dir))) {
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dir)))
                    .isInstanceOf(BrokerStartupException.class)
                    .hasMessageEndingWith("data directory " + dir.toRealPath() + " is in use by another Kafka broker");

            produce(first.bootstrapServers(), "g-2", "still served");
            assertThat(readAll(first.bootstrapServers(), 1)).containsExactly("g-2=still served");
        }
    }

    @Test
    void aPortInUseIsNamedInTheError(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            EmbeddedKafkaBroker.Options options = EmbeddedKafkaBroker.Options.inDirectory(dir).withPort(taken.getLocalPort());

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(options))
                    .isInstanceOf(BrokerStartupException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on localhost is not available");
        }
    }

    private static void produce(String bootstrapServers, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(String bootstrapServers, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.key() + "=" + r.value()));
            }
        }
        return records;
    }
}
