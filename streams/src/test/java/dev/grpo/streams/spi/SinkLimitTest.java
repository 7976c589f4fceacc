package dev.grpo.streams.spi;

import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.StreamAppConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SinkLimitTest {

    private static final Map<String, Object> APP = Map.copyOf(
            StreamAppConfig.of("broker:9092", "grpo-test", Path.of("/tmp/unused")).properties().entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)));

    @Test
    void aRecordMayBeAsLargeAsTheSmallerOfTheProducersAndTheTopicsLimitLessOverhead() {
        assertThat(SinkLimit.of(APP, TopicCatalogue.ADVANTAGES).maxRecordBytes()).isEqualTo(8 * 1024 * 1024 - 128);
        assertThat(SinkLimit.of(APP, TopicCatalogue.DEAD_LETTERS).maxRecordBytes()).as("16 MiB topic, 8 MiB producer")
                .isEqualTo(8 * 1024 * 1024 - 128);
        assertThat(SinkLimit.of(APP, TopicCatalogue.RULE_REWARDS).maxRecordBytes()).as("1 MiB topic")
                .isEqualTo(1024 * 1024 - 128);
    }

    @Test
    void theProducerPrefixedSettingWinsAndKafkasDefaultAppliesWithoutEither() {
        assertThat(SinkLimit.of(Map.of("producer.max.request.size", "65536", "max.request.size", 9_000_000),
                TopicCatalogue.ADVANTAGES).maxRecordBytes()).isEqualTo(65_536 - 128);
        assertThat(SinkLimit.of(Map.of("max.request.size", 70_000), TopicCatalogue.ADVANTAGES).maxRecordBytes())
                .isEqualTo(70_000 - 128);
        assertThat(SinkLimit.of(Map.of(), TopicCatalogue.ADVANTAGES).maxRecordBytes()).isEqualTo(1024 * 1024 - 128);
    }

    @Test
    void keyAndValueTogetherMustFitAndARefusalSaysByHowMuch() {
        SinkLimit limit = new SinkLimit("grpo.advantages", 100);

        assertThat(limit.admits(new byte[10], new byte[90])).isTrue();
        assertThat(limit.admits(new byte[10], new byte[91])).isFalse();
        assertThat(limit.admits(null, new byte[100])).isTrue();
        assertThat(limit.refusal("the sample", new byte[10], new byte[91]))
                .startsWith("the sample would be 101 bytes with its key, above the 100 bytes a record on grpo.advantages may have");
    }
}
