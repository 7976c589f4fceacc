package dev.grpo.streams.internal.assembler;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.TopologySettings;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.internal.rewards.RewardCatalogue;
import dev.grpo.streams.internal.rules.RolloutScoring;
import dev.grpo.streams.internal.topology.TestRollouts;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The assembler running the rule rewards itself: same scores and advantages, rollouts read once. */
class GroupAssemblerScoringRulesTest {

    private static final String THINK = "<think>123 + 456 = 579</think>";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> rollouts;
    private TestOutputTopic<byte[], byte[]> advantages;
    private TestOutputTopic<byte[], byte[]> ruleScores;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(RewardConfig config) {
        RolloutScoring rules = new RolloutScoring(
                RewardCatalogue.installed().select(config.ruleComponents(), config.rewardOptions()),
                TopologySettings.components(config));
        driver = new TopologyTestDriver(GroupAssemblerTopology.buildScoringRules(TopologySettings.assembler(config), StreamTopics.catalogue(), rules),
                StreamAppConfig.of("unused:9092", "grpo-assembler", stateDir).properties(), Instant.ofEpochMilli(0));
        rollouts = driver.createInputTopic(TopicCatalogue.ROLLOUTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        advantages = output(TopicCatalogue.ADVANTAGES.name());
        ruleScores = output(TopicCatalogue.RULE_REWARDS.name());
        deadLetters = output(TopicCatalogue.DEAD_LETTERS.name());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aGroupIsAssembledFromItsRolloutsAloneWithTheRuleRewardsScoredInProcess() {
        start(RewardConfig.defaults());
        pipe("g-1", 0, 2, THINK + "<answer>579</answer>");
        assertThat(advantages.isEmpty()).isTrue();

        pipe("g-1", 1, 2, "579");

        List<AdvantageSample> samples = advantages.readValuesToList().stream()
                .map(bytes -> RecordSerdes.advantageSample().decode("a", 0, 0, bytes)).toList();
        assertThat(samples).extracting(AdvantageSample::getIndex).containsExactly(0, 1);
        assertThat(samples.get(0).getRewardComponents()).containsAllEntriesOf(Map.of("accuracy", 1.0, "format", 1.0));
        assertThat(samples.get(1).getRewardComponents()).containsAllEntriesOf(Map.of("accuracy", 0.0, "format", 0.0));
        assertThat(samples.get(0).getReward()).isGreaterThan(samples.get(1).getReward());
        assertThat(samples.get(0).getAdvantage()).isCloseTo(-samples.get(1).getAdvantage(), within(1e-12));
        assertThat(samples.get(0).getCompletionTokenIds()).containsExactly(4, 5, 6, 7);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void theRuleScoresAreStillPublishedForOtherReaders() {
        start(RewardConfig.defaults());
        pipe("g-2", 0, 1, THINK + "<answer>579</answer>");

        List<RewardScore> scores = ruleScores.readValuesToList().stream()
                .map(bytes -> RecordSerdes.rewardScore().decode("r", 0, 0, bytes)).toList();

        assertThat(scores).extracting(RewardScore::getComponent)
                .containsExactlyInAnyOrder("accuracy", "format", "language_consistency");
        assertThat(scores).allSatisfy(score -> assertThat(score.getRolloutId()).isEqualTo("g-2/0"));
    }

    @Test
    void anExternalComponentIsStillWaitedFor() {
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight.length", "0.5"));
        start(config);
        TestInputTopic<byte[], byte[]> external = driver.createInputTopic(TopicCatalogue.rewards("length").name(),
                new ByteArraySerializer(), new ByteArraySerializer());
        pipe("g-3", 0, 1, THINK + "<answer>579</answer>");
        assertThat(advantages.isEmpty()).isTrue();

        external.pipeInput(key("g-3"), RecordSerdes.rewardScore().encode(TestRollouts.score("g-3", 0, 1, "length", 2.0)));

        AdvantageSample sample = RecordSerdes.advantageSample().decode("a", 0, 0, advantages.readValue());
        assertThat(sample.getRewardComponents()).containsEntry("length", 2.0).containsEntry("accuracy", 1.0);
    }

    @Test
    void aRuleScopedToAnotherTaskIsNotRunAndNotWaitedFor() {
        start(RewardConfig.defaults().with(Map.of("tasks.accuracy", "arithmetic")));
        rollouts.pipeInput(key("g-6"), RecordSerdes.rollout().encode(Rollout.newBuilder(
                TestRollouts.rollout("g-6", 0, 1, THINK + "<answer>print(579)</answer>", "", "en")).setTask("code").build()));

        AdvantageSample sample = RecordSerdes.advantageSample().decode("a", 0, 0, advantages.readValue());
        assertThat(sample.getRewardComponents()).containsOnlyKeys("format", "language_consistency");
        assertThat(sample.getReward()).isEqualTo(2.0);
        assertThat(ruleScores.readValuesToList()).hasSize(2);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRolloutNoRuleAppliesToIsAssembledFromItsExternalScores() {
        start(RewardConfig.defaults().with(Map.of("weight.code", "1", "tasks.code", "code", "tasks.accuracy",
                "arithmetic", "tasks.format", "arithmetic", "tasks.language_consistency", "arithmetic")));
        rollouts.pipeInput(key("g-7"), RecordSerdes.rollout().encode(Rollout.newBuilder(
                TestRollouts.rollout("g-7", 0, 1, "print(579)", "", "en")).setTask("code").build()));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(ruleScores.isEmpty()).isTrue();

        driver.createInputTopic(TopicCatalogue.rewards("code").name(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(key("g-7"), RecordSerdes.rewardScore().encode(TestRollouts.score("g-7", 0, 1, "code", 1.0)));

        AdvantageSample sample = RecordSerdes.advantageSample().decode("a", 0, 0, advantages.readValue());
        assertThat(sample.getRewardComponents()).containsOnlyKeys("code");
    }

    @Test
    void anUndecodableRolloutIsDeadLetteredAndTheStreamGoesOn() {
        start(RewardConfig.defaults());
        rollouts.pipeInput(key("g-4"), new byte[] {(byte) 0xC3, 0x01, 7});
        pipe("g-5", 0, 1, THINK + "<answer>579</answer>");

        List<DeadLetter> letters = deadLetters.readValuesToList().stream()
                .map(bytes -> RecordSerdes.deadLetter().decode("d", 0, 0, bytes)).toList();
        assertThat(letters).singleElement().satisfies(letter -> assertThat(letter.getErrorType()).isEqualTo("TRUNCATED"));
        assertThat(advantages.readValuesToList()).hasSize(1);
    }

    private TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void pipe(String groupId, int index, int groupSize, String completion) {
        rollouts.pipeInput(key(groupId), RecordSerdes.rollout().encode(
                TestRollouts.rollout(groupId, index, groupSize, completion, "579", "en")));
    }

    private static byte[] key(String groupId) {
        return groupId.getBytes(StandardCharsets.UTF_8);
    }
}
