package dev.grpo.streams;

import dev.grpo.schemas.KafkaClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamAppConfigTest {

    private static final Path STATE = Path.of("/tmp/unused");

    @Test
    void everyAppProcessesExactlyOnceAndReadsFromTheStartOfItsInputs() {
        Properties properties = StreamAppConfig.of("broker:9092", "grpo-test", STATE).properties();

        assertThat(properties.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(properties.get("consumer.auto.offset.reset")).isEqualTo("earliest");
        assertThat(properties.get("commit.interval.ms")).isEqualTo(100L);
    }

    @Test
    void producersBatchManyAdvantageSamplesPerRequest() {
        Properties properties = StreamAppConfig.of("broker:9092", "grpo-test", STATE).properties();

        assertThat(properties.get("producer.batch.size")).isEqualTo(256 * 1024);
    }

    @Test
    void producersAndInternalTopicsTakeRecordsAsLargeAsTheLargestTopicRecord() {
        Properties properties = StreamAppConfig.of("broker:9092", "grpo-test", STATE).properties();

        assertThat(properties.get("producer.max.request.size")).isEqualTo(8 * 1024 * 1024);
        assertThat(properties.get("topic.max.message.bytes")).isEqualTo("8388608");
    }

    @Test
    void anInstanceJoinsItsGroupAsAStaticMemberNamedAfterTheAppAndTheInstance() {
        StreamAppConfig settings = StreamAppConfig.of("broker:9092", "grpo-assembler", STATE).asInstance("host-7.example");

        assertThat(settings.properties().get("main.consumer.group.instance.id")).isEqualTo("grpo-assembler-host-7.example");
        assertThat(StreamAppConfig.of("broker:9092", "grpo-assembler", STATE).properties())
                .as("without an instance id, members are dynamic").doesNotContainKey("main.consumer.group.instance.id");
    }

    @Test
    void anInstanceIdMustBeAUsableGroupInstanceId() {
        StreamAppConfig settings = StreamAppConfig.of("broker:9092", "grpo-assembler", STATE);

        assertThatThrownBy(() -> settings.asInstance("")).hasMessageContaining("an instance id is 1 to 128");
        assertThatThrownBy(() -> settings.asInstance("host name")).hasMessageContaining("'host name'");
    }

    @Test
    void overridesApplyLast() {
        Properties properties = new StreamAppConfig(KafkaClusterConfig.of("broker:9092"), "grpo-test", STATE, 2, Duration.ofMillis(100),
                Map.of("producer.batch.size", "16384")).properties();

        assertThat(properties.get("producer.batch.size")).isEqualTo("16384");
        assertThat(properties.get("num.stream.threads")).isEqualTo(2);
    }

    @Test
    void theClustersClientPropertiesReachTheAppAndItsOwnSettingsWin() {
        KafkaClusterConfig cluster = new KafkaClusterConfig("broker:9093", Map.of("security.protocol", "SASL_SSL",
                "num.standby.replicas", "1", "processing.guarantee", "at_least_once"), "");

        Properties properties = StreamAppConfig.of(cluster, "grpo-test", STATE).properties();

        assertThat(properties).containsEntry("security.protocol", "SASL_SSL").containsEntry("num.standby.replicas", "1")
                .containsEntry("bootstrap.servers", "broker:9093").containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void theApplicationIdAndStaticMembersLiveInTheClustersNamespace() {
        KafkaClusterConfig cluster = KafkaClusterConfig.of("broker:9092").withTopicPrefix("team-a.");

        StreamAppConfig settings = StreamAppConfig.of(cluster, "grpo-assembler", STATE).asInstance("i1");

        assertThat(settings.properties()).containsEntry("application.id", "team-a.grpo-assembler")
                .containsEntry("main.consumer.group.instance.id", "team-a.grpo-assembler-i1");
        assertThat(settings.applicationId()).isEqualTo("grpo-assembler");
    }

    @Test
    void refusesNoThreadsAndBlankServers() {
        assertThatThrownBy(() -> new StreamAppConfig(KafkaClusterConfig.of("broker:9092"), "grpo-test", STATE, 0, Duration.ofMillis(100),
                Map.of())).hasMessageContaining("threads must be >= 1");
        assertThatThrownBy(() -> StreamAppConfig.of(" ", "grpo-test", STATE))
                .hasMessageContaining("bootstrap servers must not be blank");
    }
}
