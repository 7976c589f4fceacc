package dev.grpo.streams.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.DeadLetter;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.TopologySettings;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.internal.rewards.RewardCatalogue;
import dev.grpo.streams.internal.topology.TestRollouts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleRewardsTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> rollouts;
    private TestOutputTopic<byte[], byte[]> scores;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        RewardConfig config = RewardConfig.defaults();
        driver = new TopologyTestDriver(
                RuleRewardsTopology.build(RewardCatalogue.installed().select(config.ruleComponents(), config.rewardOptions()),
                        TopologySettings.components(config)),
                StreamAppConfig.of("unused:9092", "grpo-rule-rewards", stateDir).properties());
        rollouts = driver.createInputTopic(TopicCatalogue.ROLLOUTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        scores = driver.createOutputTopic(TopicCatalogue.RULE_REWARDS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(TopicCatalogue.DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void emitsOneScorePerRuleComponentKeyedByGroup() {
        rollouts.pipeInput(key("g-1"), RecordSerdes.rollout().encode(TestRollouts.rollout("g-1", 0, 4, "579")));

        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();

        assertThat(out).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsOnly("g-1");
        List<RewardScore> decoded = out.stream().map(r -> RecordSerdes.rewardScore().decode("t", 0, 0, r.value())).toList();
        assertThat(decoded).extracting(RewardScore::getComponent)
                .containsExactly("accuracy", "format", "language_consistency");
        assertThat(decoded).extracting(RewardScore::getValue).containsExactly(1.0, 1.0, 1.0);
        assertThat(decoded).allSatisfy(score -> {
            assertThat(score.getRolloutId()).isEqualTo("g-1/0");
            assertThat(score.getIndex()).isZero();
            assertThat(score.getGroupSize()).isEqualTo(4);
            assertThat(score.getRewardVersion()).startsWith(score.getComponent());
        });
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void scoresAWrongAnswerInChineseReasoningForAnEnglishPrompt() {
        rollouts.pipeInput(key("g-2"), RecordSerdes.rollout().encode(TestRollouts.rollout("g-2", 1, 2,
                "<think>\u9996\u5148\u8ba1\u7b97</think> <answer>578</answer>", "579", "en")));

        Map<String, Double> byComponent = new java.util.HashMap<>();
        scores.readValuesToList().forEach(bytes -> {
            RewardScore score = RecordSerdes.rewardScore().decode("t", 0, 0, bytes);
            byComponent.put(score.getComponent(), score.getValue());
        });

        assertThat(byComponent).containsExactlyInAnyOrderEntriesOf(
                Map.of("accuracy", 0.0, "format", 1.0, "language_consistency", 0.0));
    }

    @Test
    void anUndecodableRolloutIsDeadLetteredWithItsBytesAndCoordinatesAndTheStreamGoesOn() {
        byte[] garbage = {(byte) 0xC3, 0x01, 1, 2, 3};
        rollouts.pipeInput(key("g-3"), RecordSerdes.rollout().encode(TestRollouts.rollout("g-3", 0, 1, "579")));
        rollouts.pipeInput(key("g-3"), garbage);
        rollouts.pipeInput(key("g-4"), RecordSerdes.rollout().encode(TestRollouts.rollout("g-4", 0, 1, "579")));

        List<DeadLetter> letters = deadLetters.readValuesToList().stream()
                .map(bytes -> RecordSerdes.deadLetter().decode("t", 0, 0, bytes)).toList();

        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.getSourceTopic()).isEqualTo("grpo.rollouts");
        assertThat(letter.getSourceOffset()).isEqualTo(1);
        assertThat(letter.getStage()).isEqualTo("grpo-rule-rewards");
        assertThat(letter.getErrorType()).isIn("CORRUPT", "TRUNCATED", "UNKNOWN_FINGERPRINT");
        assertThat(bytes(letter.getOriginalValue())).isEqualTo(garbage);
        assertThat(bytes(letter.getOriginalKey())).isEqualTo(key("g-3"));
        assertThat(scores.readValuesToList()).hasSize(6);
    }

    @Test
    void anUnscorableRolloutIsDeadLetteredWithNoneOfItsScores() {
        rollouts.pipeInput(key("g-5"), RecordSerdes.rollout().encode(TestRollouts.rollout("g-5", 0, 1,
                "<think>x</think><answer>579</answer>", "579", "xx")));

        List<DeadLetter> letters = deadLetters.readValuesToList().stream()
                .map(bytes -> RecordSerdes.deadLetter().decode("t", 0, 0, bytes)).toList();

        assertThat(scores.isEmpty()).isTrue();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).contains("language_consistency").contains("'xx'");
            assertThat(letter.getErrorType()).isEqualTo("UnscorableCompletionException");
        });
    }

    @Test
    void aRolloutWithoutAValueIsDeadLettered() {
        rollouts.pipeInput(key("g-6"), (byte[]) null);

        assertThat(deadLetters.readValuesToList()).hasSize(1);
        assertThat(scores.isEmpty()).isTrue();
    }

    @Test
    void aRolloutTooLargeToDeadLetterWholeIsDeadLetteredWithItsLongestPrefixThatFits() {
        byte[] garbage = new byte[8_388_500];
        new java.util.Random(8).nextBytes(garbage);
        rollouts.pipeInput(key("g-7"), garbage);
        rollouts.pipeInput(key("g-8"), RecordSerdes.rollout().encode(TestRollouts.rollout("g-8", 0, 1, "579")));

        TestRecord<byte[], byte[]> record = deadLetters.readRecord();
        DeadLetter letter = RecordSerdes.deadLetter().decode("t", 0, 0, record.value());

        assertThat(record.key().length + record.value().length).as("within the Streams producer's max.request.size")
                .isLessThanOrEqualTo(8 * 1024 * 1024 - 128);
        byte[] prefix = bytes(letter.getOriginalValue());
        assertThat(prefix).hasSizeGreaterThan(8_000_000).isEqualTo(java.util.Arrays.copyOf(garbage, prefix.length));
        assertThat(letter.getOriginalValueSize()).isEqualTo(8_388_500L);
        assertThat(letter.getReason()).endsWith("(original value truncated to " + prefix.length + " of 8388500 bytes)");
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(bytes(letter.getOriginalKey())).isEqualTo(key("g-7"));
        assertThat(scores.readValuesToList()).as("the stream goes on").hasSize(3);
    }

    @Test
    void aRolloutWhoseScoresWouldNotFitTheirTopicIsDeadLetteredWithNoneOfThem() {
        String hugeId = "r".repeat(2 * 1024 * 1024);
        Rollout rollout = Rollout.newBuilder(TestRollouts.rollout("g-9", 0, 1, "579")).setRolloutId(hugeId).build();
        rollouts.pipeInput(key("g-9"), RecordSerdes.rollout().encode(rollout));

        List<DeadLetter> letters = deadLetters.readValuesToList().stream()
                .map(bytes -> RecordSerdes.deadLetter().decode("t", 0, 0, bytes)).toList();

        assertThat(scores.isEmpty()).isTrue();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getErrorType()).isEqualTo("OUTPUT_TOO_LARGE");
            assertThat(letter.getReason()).startsWith("the 'accuracy' score of this rollout would be")
                    .contains("a record on grpo.rewards.rules may have");
            assertThat(letter.getOriginalValueSize()).isNull();
        });
    }

    private static byte[] key(String groupId) {
        return groupId.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
