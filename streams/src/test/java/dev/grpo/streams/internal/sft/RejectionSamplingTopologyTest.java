package dev.grpo.streams.internal.sft;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.SftExample;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.RejectionCriteria;
import dev.grpo.streams.TopologySettings;
import dev.grpo.streams.RejectionSamplingApp;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionSamplingTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> advantages;
    private TestOutputTopic<String, SftExample> sft;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(
                RejectionSamplingTopology.build(TopologySettings.selection(new RejectionCriteria(0.95, 4)), StreamTopics.catalogue()),
                StreamAppConfig.of("unused:9092", RejectionSamplingApp.APPLICATION_ID, stateDir).properties());
        advantages = driver.createInputTopic(TopicCatalogue.ADVANTAGES.name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        sft = driver.createOutputTopic(TopicCatalogue.SFT.name(), new StringDeserializer(),
                RecordSerdes.sftExample().deserializer());
        deadLetters = driver.createOutputTopic(TopicCatalogue.DEAD_LETTERS.name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCorrectWellFormattedConsistentCompletionBecomesAnExampleKeyedByItsPrompt() {
        AdvantageSample sample = sample("g-1", 2, "p-7", 1.0, 1.0, 1.0);
        advantages.pipeInput(key("g-1"), RecordSerdes.advantageSample().encode(sample));

        TestRecord<String, SftExample> out = sft.readRecord();

        assertThat(out.key()).isEqualTo("p-7");
        SftExample example = out.value();
        assertThat(example.getExampleId()).isEqualTo("g-1/2");
        assertThat(example.getRolloutId()).isEqualTo("g-1/2");
        assertThat(example.getGroupId()).isEqualTo("g-1");
        assertThat(example.getPromptId()).isEqualTo("p-7");
        assertThat(example.getPromptTokenIds()).containsExactly(10, 11, 12);
        assertThat(example.getCompletionTokenIds()).containsExactly(20, 21, 2);
        assertThat(example.getPolicyVersion()).isEqualTo(5L);
        assertThat(example.getReward()).isEqualTo(3.0);
        assertThat(example.getRewardComponents()).isEqualTo(sample.getRewardComponents());
        assertThat(example.getRank()).isEqualTo(1);
        assertThat(example.getSelection()).isEqualTo("accuracy=1 format=1 language_consistency>=0.95 k=4");
        assertThat(sft.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "accuracy {0}, format {1}, language consistency {2}")
    @CsvSource({"0.0, 1.0, 1.0", "0.5, 1.0, 1.0", "1.0, 0.0, 1.0", "1.0, 0.5, 1.0", "1.0, 1.0, 0.94", "0.0, 0.0, 0.0"})
    void aCompletionFailingAnyCriterionIsDropped(double accuracy, double format, double languageConsistency) {
        advantages.pipeInput(key("g-2"), RecordSerdes.advantageSample().encode(
                sample("g-2", 0, "p-2", accuracy, format, languageConsistency)));

        assertThat(sft.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void languageConsistencyExactlyAtTheThresholdIsKept() {
        advantages.pipeInput(key("g-3"), RecordSerdes.advantageSample().encode(sample("g-3", 0, "p-3", 1.0, 1.0, 0.95)));

        assertThat(sft.readValuesToList()).hasSize(1);
    }

    @Test
    void aSampleWithoutALanguageConsistencyScoreIsDropped() {
        AdvantageSample sample = sample("g-4", 0, "p-4", 1.0, 1.0, 1.0);
        Map<String, Double> components = new HashMap<>(sample.getRewardComponents());
        components.remove("language_consistency");
        sample.setRewardComponents(components);
        advantages.pipeInput(key("g-4"), RecordSerdes.advantageSample().encode(sample));

        assertThat(sft.isEmpty()).isTrue();
    }

    @Test
    void atMostKExamplesPerPromptAreKeptAcrossGroupsOnDifferentPartitions() {
        for (String group : List.of("g-a", "g-b", "g-c")) {
            for (int index = 0; index < 3; index++) {
                advantages.pipeInput(key(group), RecordSerdes.advantageSample().encode(
                        sample(group, index, "p-shared", 1.0, 1.0, 1.0)));
            }
        }
        advantages.pipeInput(key("g-d"), RecordSerdes.advantageSample().encode(sample("g-d", 0, "p-other", 1.0, 1.0, 1.0)));

        List<TestRecord<String, SftExample>> out = sft.readRecordsToList();

        assertThat(out).filteredOn(r -> r.key().equals("p-shared")).extracting(r -> r.value().getExampleId())
                .containsExactly("g-a/0", "g-a/1", "g-a/2", "g-b/0");
        assertThat(out).filteredOn(r -> r.key().equals("p-shared")).extracting(r -> r.value().getRank())
                .containsExactly(1, 2, 3, 4);
        assertThat(out).filteredOn(r -> r.key().equals("p-other")).singleElement()
                .satisfies(r -> assertThat(r.value().getRank()).isEqualTo(1));
    }

    @Test
    void droppedCompletionsDoNotCountTowardsTheCap() {
        advantages.pipeInput(key("g-5"), RecordSerdes.advantageSample().encode(sample("g-5", 0, "p-5", 0.0, 1.0, 1.0)));
        for (int index = 1; index <= 5; index++) {
            advantages.pipeInput(key("g-5"), RecordSerdes.advantageSample().encode(sample("g-5", index, "p-5", 1.0, 1.0, 1.0)));
        }

        assertThat(sft.readValuesToList()).extracting(SftExample::getExampleId)
                .containsExactly("g-5/1", "g-5/2", "g-5/3", "g-5/4");
    }

    @Test
    void anUndecodableSampleIsDeadLetteredWithItsBytesAndTheStreamGoesOn() {
        byte[] garbage = {(byte) 0xC3, 0x01, 9, 9, 9};
        advantages.pipeInput(key("g-6"), garbage);
        advantages.pipeInput(key("g-7"), RecordSerdes.advantageSample().encode(sample("g-7", 0, "p-7", 1.0, 1.0, 1.0)));

        List<DeadLetter> letters = deadLetters.readRecordsToList().stream()
                .map(r -> RecordSerdes.deadLetter().decode("t", 0, 0, r.value())).toList();

        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo("grpo.advantages");
            assertThat(letter.getSourceOffset()).isZero();
            assertThat(letter.getStage()).isEqualTo(RejectionSamplingApp.APPLICATION_ID);
            assertThat(letter.getErrorType()).isIn("CORRUPT", "TRUNCATED", "UNKNOWN_FINGERPRINT");
            assertThat(letter.getReason()).isNotBlank();
            assertThat(bytes(letter.getOriginalValue())).isEqualTo(garbage);
            assertThat(bytes(letter.getOriginalKey())).isEqualTo(key("g-6"));
        });
        assertThat(sft.readValuesToList()).extracting(SftExample::getExampleId).containsExactly("g-7/0");
    }

    @Test
    void aRecordWithoutAValueIsDeadLettered() {
        advantages.pipeInput(key("g-8"), (byte[]) null);

        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(bytes ->
                assertThat(RecordSerdes.deadLetter().decode("t", 0, 0, bytes).getErrorType()).isEqualTo("NULL_VALUE"));
        assertThat(sft.isEmpty()).isTrue();
    }

    @Test
    void candidatesGoThroughTheNamedRepartitionTopicAReaderCanWaitOn() {
        String description = RejectionSamplingTopology.build(TopologySettings.selection(RejectionCriteria.defaults()), StreamTopics.catalogue())
                .describe().toString();

        assertThat(RejectionSamplingTopology.repartitionTopic("app")).isEqualTo("app-by-prompt-repartition");
        assertThat(description).contains("topics: [by-prompt-repartition]", "topic: grpo.sft", "topic: grpo.dlq");
    }

    static AdvantageSample sample(String groupId, int index, String promptId, double accuracy, double format,
                                  double languageConsistency) {
        return AdvantageSample.newBuilder()
                .setRolloutId(groupId + "/" + index)
                .setGroupId(groupId)
                .setIndex(index)
                .setGroupSize(8)
                .setPromptId(promptId)
                .setPromptTokenIds(List.of(10, 11, 12))
                .setCompletionTokenIds(List.of(20, 21, 2))
                .setBehaviourLogprobs(List.of(-0.5f, -0.25f, -0.125f))
                .setTemperature(1.0f)
                .setPolicyVersion(5L)
                .setReward(accuracy + format + languageConsistency)
                .setRewardComponents(Map.of("accuracy", accuracy, "format", format,
                        "language_consistency", languageConsistency))
                .setRewardVersions(Map.of("accuracy", "accuracy-1", "format", "format-1",
                        "language_consistency", "language_consistency-1"))
                .setAdvantage(0.5)
                .setAssembledAt(Instant.ofEpochMilli(4_000))
                .build();
    }

    private static byte[] key(String groupId) {
        return groupId.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
