package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClusterConfigTest {

    @TempDir
    Path dir;

    @Test
    void theFileReachesEveryClient() throws IOException {
        Path file = write("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nrequest.timeout.ms = 7000\n");

        KafkaClusterConfig cluster = KafkaClusterConfig.load("broker:9093", file, Map.of(), "");

        assertThat(cluster.client("rewards", "0", Map.of())).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("request.timeout.ms", "7000")
                .containsEntry("bootstrap.servers", "broker:9093");
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheStageOverridesBoth() throws IOException {
        Path file = write("sasl.jaas.config=from-file\nisolation.level=read_uncommitted\nlinger.ms=5\n");
        Map<String, String> environment = Map.of("GRPO_KAFKA_SASL_JAAS_CONFIG", "from-env",
                "GRPO_KAFKA_LINGER_MS", "20", "HOME", "/home/me");

        Map<String, Object> config = KafkaClusterConfig.load("broker:9093", file, environment, "")
                .client("learner", "l1", Map.of("isolation.level", "read_committed"));

        assertThat(config).containsEntry("sasl.jaas.config", "from-env").containsEntry("linger.ms", "20")
                .containsEntry("isolation.level", "read_committed").doesNotContainKey("home");
    }

    @Test
    void theCommandLineOwnsBootstrapServersAndTheClientId() throws IOException {
        Path file = write("bootstrap.servers=elsewhere:1\nclient.id=mine\n");

        Map<String, Object> config = KafkaClusterConfig.load("broker:9093", file, Map.of(), "team-a.")
                .client("generate", "g0", Map.of("client.id", "stage-chosen"));

        assertThat(config).containsEntry("bootstrap.servers", "broker:9093").containsEntry("client.id", "team-a.generate-g0");
    }

    @Test
    void environmentNamesMapToPropertyNames() {
        assertThat(KafkaClusterConfig.fromEnvironment(Map.of("GRPO_KAFKA_SSL_TRUSTSTORE_LOCATION", "/ts.p12",
                "GRPO_KAFKA_", "ignored", "GRPO_OTHER", "ignored")))
                .containsExactly(Map.entry("ssl.truststore.location", "/ts.p12"));
    }

    @Test
    void aPrefixNamespacesTopicsGroupsAndClientIds() {
        KafkaClusterConfig cluster = KafkaClusterConfig.of("broker:9092").withTopicPrefix("team-a.");

        TopicSpec rollouts = cluster.topic(TopicCatalogue.ROLLOUTS);

        assertThat(rollouts.name()).isEqualTo("team-a.grpo.rollouts");
        assertThat(rollouts.withPartitions(TopicCatalogue.ROLLOUTS.partitions()).configs())
                .isEqualTo(TopicCatalogue.ROLLOUTS.configs());
        assertThat(cluster.topics(TopicCatalogue.all())).extracting(TopicSpec::name).allMatch(n -> n.startsWith("team-a.grpo."));
        assertThat(cluster.group("grpo-assembler")).isEqualTo("team-a.grpo-assembler");
        assertThat(cluster.clientId("learner", "l1")).isEqualTo("team-a.learner-l1");
    }

    @Test
    void withoutAPrefixNamesAreTheCatalogues() {
        KafkaClusterConfig cluster = KafkaClusterConfig.of("broker:9092");

        assertThat(cluster.topic("grpo.advantages")).isEqualTo("grpo.advantages");
        assertThat(cluster.group("grpo-learner")).isEqualTo("grpo-learner");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("client.properties");

        assertThatThrownBy(() -> KafkaClusterConfig.load("broker:9092", missing, Map.of(), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aMalformedFileIsNamed() throws IOException {
        Path file = write("sasl.jaas.config=\\u00zz\n");

        assertThatThrownBy(() -> KafkaClusterConfig.load("broker:9092", file, Map.of(), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("malformed");
    }

    @Test
    void aPrefixThatCannotBeATopicNameIsRefused() {
        assertThatThrownBy(() -> KafkaClusterConfig.of("broker:9092").withTopicPrefix("team a/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'team a/'");
    }

    @Test
    void secretsStayOutOfItsDescription() {
        KafkaClusterConfig cluster = new KafkaClusterConfig("broker:9092",
                Map.of("sasl.jaas.config", "user=\"u\" password=\"p\"", "ssl.keystore.password", "s3cret"), "");

        assertThat(cluster.toString()).doesNotContain("s3cret").doesNotContain("password=\"p\"");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("client.properties"), text);
    }
}
