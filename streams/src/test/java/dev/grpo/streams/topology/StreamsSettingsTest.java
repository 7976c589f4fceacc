package dev.grpo.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private static final Path STATE = Path.of("/tmp/unused");

    @Test
    void everyAppProcessesExactlyOnceAndReadsFromTheStartOfItsInputs() {
        Properties properties = StreamsSettings.of("broker:9092", "grpo-test", STATE).properties();

        assertThat(properties.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(properties.get("consumer.auto.offset.reset")).isEqualTo("earliest");
        assertThat(properties.get("commit.interval.ms")).isEqualTo(100L);
    }

    @Test
    void producersBatchManyAdvantageSamplesPerRequest() {
        Properties properties = StreamsSettings.of("broker:9092", "grpo-test", STATE).properties();

        assertThat(properties.get("producer.batch.size")).isEqualTo(256 * 1024);
    }

    @Test
    void producersAndInternalTopicsTakeRecordsAsLargeAsTheLargestTopicRecord() {
        Properties properties = StreamsSettings.of("broker:9092", "grpo-test", STATE).properties();

        assertThat(properties.get("producer.max.request.size")).isEqualTo(8 * 1024 * 1024);
        assertThat(properties.get("topic.max.message.bytes")).isEqualTo("8388608");
    }

    @Test
    void anInstanceJoinsItsGroupAsAStaticMemberNamedAfterTheAppAndTheInstance() {
        StreamsSettings settings = StreamsSettings.of("broker:9092", "grpo-assembler", STATE).asInstance("host-7.example");

        assertThat(settings.properties().get("main.consumer.group.instance.id")).isEqualTo("grpo-assembler-host-7.example");
        assertThat(StreamsSettings.of("broker:9092", "grpo-assembler", STATE).properties())
                .as("without an instance id, members are dynamic").doesNotContainKey("main.consumer.group.instance.id");
    }

    @Test
    void anInstanceIdMustBeAUsableGroupInstanceId() {
        StreamsSettings settings = StreamsSettings.of("broker:9092", "grpo-assembler", STATE);

        assertThatThrownBy(() -> settings.asInstance("")).hasMessageContaining("an instance id is 1 to 128");
        assertThatThrownBy(() -> settings.asInstance("host name")).hasMessageContaining("'host name'");
    }

    @Test
    void overridesApplyLast() {
        Properties properties = new StreamsSettings("broker:9092", "grpo-test", STATE, 2, Duration.ofMillis(100),
                Map.of("producer.batch.size", "16384")).properties();

        assertThat(properties.get("producer.batch.size")).isEqualTo("16384");
        assertThat(properties.get("num.stream.threads")).isEqualTo(2);
    }

    @Test
    void refusesNoThreadsAndBlankServers() {
        assertThatThrownBy(() -> new StreamsSettings("broker:9092", "grpo-test", STATE, 0, Duration.ofMillis(100),
                Map.of())).hasMessageContaining("threads must be >= 1");
        assertThatThrownBy(() -> StreamsSettings.of(" ", "grpo-test", STATE))
                .hasMessageContaining("bootstrap servers must not be blank");
    }
}
