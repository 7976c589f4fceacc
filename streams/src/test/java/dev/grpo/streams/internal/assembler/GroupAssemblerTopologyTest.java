package dev.grpo.streams.internal.assembler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.ShippedSchemas;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.TopologySettings;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.internal.topology.TestRollouts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupAssemblerTopologyTest {

    private static final List<String> RULES = List.of("accuracy", "format", "language_consistency");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> rollouts;
    private TestInputTopic<byte[], byte[]> ruleScores;
    private TestOutputTopic<byte[], byte[]> advantages;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(RewardConfig config) {
        start(config, Map.of());
    }

    private void start(RewardConfig config, Map<String, String> overrides) {
        driver = new TopologyTestDriver(GroupAssemblerTopology.build(TopologySettings.assembler(config)),
                new StreamAppConfig(KafkaClusterConfig.of("unused:9092"), "grpo-assembler", stateDir, 1, Duration.ofMillis(100), overrides)
                        .properties(), Instant.ofEpochMilli(0));
        rollouts = input(TopicCatalogue.ROLLOUTS.name());
        ruleScores = input(TopicCatalogue.RULE_REWARDS.name());
        advantages = driver.createOutputTopic(TopicCatalogue.ADVANTAGES.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(TopicCatalogue.DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aCompleteGroupYieldsGroupNormalisedAdvantages() {
        start(RewardConfig.defaults());
        double[] accuracy = {1, 0, 1, 0};
        for (int i = 0; i < 4; i++) {
            pipeRollout("g-1", i, 4);
            pipeRules("g-1", i, 4, accuracy[i], 1.0, 1.0);
        }

        List<AdvantageSample> samples = readAdvantages();

        assertThat(samples).extracting(AdvantageSample::getIndex).containsExactly(0, 1, 2, 3);
        assertThat(samples).extracting(AdvantageSample::getReward).containsExactly(3.0, 2.0, 3.0, 2.0);
        double expected = 0.5 / (0.5 + 1e-4);
        assertThat(samples.get(0).getAdvantage()).isCloseTo(expected, within(1e-12));
        assertThat(samples.get(1).getAdvantage()).isCloseTo(-expected, within(1e-12));
        AdvantageSample first = samples.get(0);
        assertThat(first.getRewardComponents()).containsExactlyInAnyOrderEntriesOf(
                Map.of("accuracy", 1.0, "format", 1.0, "language_consistency", 1.0));
        assertThat(first.getRewardVersions()).containsEntry("accuracy", "accuracy-test");
        assertThat(first.getRolloutId()).isEqualTo("g-1/0");
        assertThat(first.getPolicyVersion()).isEqualTo(7);
        assertThat(first.getBehaviourLogprobs()).containsExactly(-0.5f, -0.25f, -1.0f, -0.125f);
        assertThat(first.getCompletionTokenIds()).containsExactly(4, 5, 6, 7);
        assertThat(first.getPromptTokenIds()).containsExactly(1, 2, 3);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void theTokenVersionsOfPartialRolloutsReachTheirSamplesUnchanged() {
        start(RewardConfig.defaults());
        List<List<Long>> versions = Arrays.asList(List.of(7L, 7L, 8L, 9L), null, List.of(7L, 8L, 8L, 8L));
        for (int i = 0; i < 3; i++) {
            Rollout rollout = Rollout.newBuilder(TestRollouts.rollout("g-tv", i, 3, "579"))
                    .setTokenPolicyVersions(versions.get(i)).build();
            rollouts.pipeInput(key("g-tv"), encode(rollout));
            pipeRules("g-tv", i, 3, i % 2, 1.0, 1.0);
        }

        List<AdvantageSample> samples = readAdvantages();

        assertThat(samples).extracting(AdvantageSample::getTokenPolicyVersions).containsExactlyElementsOf(versions);
        assertThat(samples).extracting(AdvantageSample::getPolicyVersion).containsOnly(7L);
        assertThat(samples.get(0).getCompletionTokenIds()).containsExactly(4, 5, 6, 7);
    }

    @Test
    void aRolloutASecondVersionWriterWroteYieldsASampleWithoutTokenVersions() throws IOException {
        start(RewardConfig.defaults());
        for (int i = 0; i < 2; i++) {
            rollouts.pipeInput(key("g-v2"), writtenBySecondVersion(TestRollouts.rollout("g-v2", i, 2, "579")));
            pipeRules("g-v2", i, 2, i, 1.0, 1.0);
        }

        List<AdvantageSample> samples = readAdvantages();

        assertThat(samples).hasSize(2).extracting(AdvantageSample::getTokenPolicyVersions).containsOnlyNulls();
        assertThat(samples.get(1).getBehaviourLogprobs()).containsExactly(-0.5f, -0.25f, -1.0f, -0.125f);
        assertThat(samples.get(1).getPolicyVersion()).isEqualTo(7);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void waitsForEveryMemberAndComponentWhateverTheOrder() {
        start(RewardConfig.defaults());
        pipeRules("g-2", 1, 2, 0, 1, 1);
        pipeRollout("g-2", 0, 2);
        pipeRules("g-2", 0, 2, 1, 1, 1);
        assertThat(advantages.isEmpty()).isTrue();

        pipeRollout("g-2", 1, 2);

        assertThat(readAdvantages()).extracting(AdvantageSample::getIndex).containsExactly(0, 1);
    }

    @Test
    void anExternalComponentIsWaitedForAndWeighted() {
        start(RewardConfig.defaults().with(Map.of("weight.judge", "0.5")));
        TestInputTopic<byte[], byte[]> judge = input("grpo.rewards.judge");
        for (int i = 0; i < 2; i++) {
            pipeRollout("g-3", i, 2);
            pipeRules("g-3", i, 2, 1, 1, 1);
        }
        assertThat(advantages.isEmpty()).isTrue();

        judge.pipeInput(key("g-3"), encode(TestRollouts.score("g-3", 0, 2, "judge", 1.0)));
        judge.pipeInput(key("g-3"), encode(TestRollouts.score("g-3", 1, 2, "judge", 0.0)));

        List<AdvantageSample> samples = readAdvantages();
        assertThat(samples).extracting(AdvantageSample::getReward).containsExactly(3.5, 3.0);
        assertThat(samples.get(0).getRewardComponents()).containsEntry("judge", 1.0);
    }

    /** A mixed math and code run: {@code code} is scored for code prompts only, {@code accuracy} for arithmetic only. */
    private static final Map<String, String> MIXED = Map.of("weight.code", "1.0", "tasks.code", "code",
            "tasks.accuracy", "arithmetic");

    @Test
    void anArithmeticGroupCompletesWithoutAnyCodeScore() {
        start(RewardConfig.defaults().with(MIXED));
        for (int i = 0; i < 2; i++) {
            pipeRollout("g-m", i, 2);
            pipeRules("g-m", i, 2, 1 - i, 1, 1);
        }

        List<AdvantageSample> samples = readAdvantages();

        assertThat(samples).extracting(AdvantageSample::getReward).containsExactly(3.0, 2.0);
        assertThat(samples.get(0).getRewardComponents()).containsOnlyKeys("accuracy", "format", "language_consistency");
        assertThat(samples.get(0).getRewardVersions()).doesNotContainKey("code");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aCodeGroupWaitsForItsCodeScoresAndSumsOnlyTheComponentsOfItsTask() {
        start(RewardConfig.defaults().with(MIXED));
        TestInputTopic<byte[], byte[]> code = input("grpo.rewards.code");
        for (int i = 0; i < 2; i++) {
            pipeCodeRollout("g-c", i, 2);
            pipeRules("g-c", i, 2, 1, 1, 0.5);
        }
        assertThat(advantages.isEmpty()).isTrue();

        code.pipeInput(key("g-c"), encode(TestRollouts.score("g-c", 0, 2, "code", 1.0)));
        assertThat(advantages.isEmpty()).isTrue();
        code.pipeInput(key("g-c"), encode(TestRollouts.score("g-c", 1, 2, "code", 0.0)));

        List<AdvantageSample> samples = readAdvantages();
        assertThat(samples).extracting(AdvantageSample::getReward).containsExactly(2.5, 1.5);
        assertThat(samples.get(0).getRewardComponents()).containsExactlyInAnyOrderEntriesOf(
                Map.of("format", 1.0, "language_consistency", 0.5, "code", 1.0));
        assertThat(samples.get(0).getRewardVersions()).containsOnlyKeys("format", "language_consistency", "code");
        assertThat(counter("scores-ignored-total")).isEqualTo(2.0);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aScoreOfAComponentOutsideItsGroupsTaskIsIgnoredEvenWhenItArrivesFirst() {
        start(RewardConfig.defaults().with(MIXED).with(Map.of("groups.timeout", "10s")));
        ruleScores.pipeInput(key("g-e"), encode(TestRollouts.score("g-e", 0, 1, "accuracy", 1.0)));
        pipeCodeRollout("g-e", 0, 1);
        input("grpo.rewards.code").pipeInput(key("g-e"), encode(TestRollouts.score("g-e", 0, 1, "code", 1.0)));
        ruleScores.pipeInput(key("g-e"), encode(TestRollouts.score("g-e", 0, 1, "format", 1.0)));
        assertThat(advantages.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(11));

        assertThat(readDeadLetters()).singleElement().satisfies(letter -> assertThat(letter.getReason())
                .endsWith("missing members [], missing components by member {0=[language_consistency]}"));
        assertThat(counter("scores-ignored-total")).isEqualTo(1.0);
    }

    @Test
    void aRolloutOfAnotherTaskThanItsGroupIsDeadLettered() {
        start(RewardConfig.defaults().with(MIXED));
        pipeRollout("g-t", 0, 2);
        pipeCodeRollout("g-t", 1, 2);

        assertThat(readDeadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getErrorType()).isEqualTo("INVALID_ROLLOUT");
            assertThat(letter.getReason()).contains("task 'arithmetic'").contains("says 'code'");
        });
    }

    @Test
    void drGrpoLeavesTheStandardDeviationOut() {
        start(RewardConfig.defaults().with(Map.of("advantage.scale-by-std", "false")));
        double[] accuracy = {1, 0, 0, 0};
        for (int i = 0; i < 4; i++) {
            pipeRollout("g-4", i, 4);
            pipeRules("g-4", i, 4, accuracy[i], 1, 1);
        }

        assertThat(readAdvantages()).extracting(AdvantageSample::getAdvantage).containsExactly(0.75, -0.25, -0.25, -0.25);
    }

    @Test
    void dynamicSamplingDropsAndCountsGroupsWhoseRewardsAreAllEqual() {
        start(RewardConfig.defaults().with(Map.of("groups.drop-uniform", "true")));
        for (int i = 0; i < 2; i++) {
            pipeRollout("g-5", i, 2);
            pipeRules("g-5", i, 2, 1, 1, 1);
        }

        assertThat(advantages.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(counter("groups-dropped-uniform-total")).isEqualTo(1.0);
        assertThat(counter("groups-assembled-total")).isZero();
    }

    @Test
    void withoutDynamicSamplingAUniformGroupHasZeroAdvantages() {
        start(RewardConfig.defaults());
        for (int i = 0; i < 2; i++) {
            pipeRollout("g-6", i, 2);
            pipeRules("g-6", i, 2, 0, 0, 1);
        }

        assertThat(readAdvantages()).extracting(AdvantageSample::getAdvantage).containsExactly(0.0, 0.0);
    }

    @Test
    void anIncompleteGroupIsDeadLetteredAfterTheTimeoutNamingWhatWasMissing() {
        start(RewardConfig.defaults().with(Map.of("groups.timeout", "10s")));
        pipeRollout("g-7", 0, 3);
        pipeRules("g-7", 0, 3, 1, 1, 1);
        pipeRollout("g-7", 1, 3);
        pipeRules("g-7", 2, 3, 1, 1, 1);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(deadLetters.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(6));

        List<DeadLetter> letters = readDeadLetters();
        assertThat(letters).filteredOn(l -> l.getErrorType().equals("INCOMPLETE_GROUP"))
                .extracting(DeadLetter::getSourceOffset).containsExactly(0L, 1L);
        assertThat(letters.get(0).getReason()).contains("g-7").contains("missing members [2]")
                .contains("1=[accuracy, format, language_consistency]");
        assertThat(letters).filteredOn(l -> l.getErrorType().equals("UNKNOWN_ROLLOUT")).hasSize(3)
                .allSatisfy(l -> assertThat(l.getSourceTopic()).isEqualTo("grpo.rewards.rules"));
        assertThat(advantages.isEmpty()).isTrue();
        assertThat(counter("groups-expired-total")).isEqualTo(1.0);
    }

    @Test
    void recordsForAGroupThatAlreadyClosedAreDeadLettered() {
        start(RewardConfig.defaults());
        pipeRollout("g-8", 0, 1);
        pipeRules("g-8", 0, 1, 1, 1, 1);
        assertThat(readAdvantages()).hasSize(1);

        pipeRollout("g-8", 0, 1);
        ruleScores.pipeInput(key("g-8"), encode(TestRollouts.score("g-8", 0, 1, "accuracy", 1)));

        assertThat(readDeadLetters()).extracting(DeadLetter::getErrorType).containsExactly("INVALID_ROLLOUT", "UNKNOWN_ROLLOUT");
        assertThat(advantages.isEmpty()).isTrue();
    }

    @Test
    void undecodableRecordsOnEveryInputAreDeadLetteredWithTheirBytes() {
        start(RewardConfig.defaults());
        byte[] truncated = java.util.Arrays.copyOf(encode(TestRollouts.rollout("g-9", 0, 1, "579")), 20);
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        rollouts.pipeInput(key("g-9"), truncated);
        ruleScores.pipeInput(key("g-9"), garbage);

        List<DeadLetter> letters = readDeadLetters();

        assertThat(letters).extracting(DeadLetter::getSourceTopic).containsExactly("grpo.rollouts", "grpo.rewards.rules");
        assertThat(bytes(letters.get(0).getOriginalValue())).isEqualTo(truncated);
        assertThat(bytes(letters.get(1).getOriginalValue())).isEqualTo(garbage);
        assertThat(letters).allSatisfy(l -> assertThat(l.getStage()).isEqualTo("grpo-assembler"));
        assertThat(letters.get(0).getErrorType()).isEqualTo("TRUNCATED");
        assertThat(letters.get(1).getErrorType()).isEqualTo("CORRUPT");
    }

    @Test
    void wrongGroupSizesAndIndicesAreDeadLettered() {
        start(RewardConfig.defaults().with(Map.of("groups.max-size", "64")));
        rollouts.pipeInput(key("g-10"), encode(TestRollouts.rollout("g-10", 0, 0, "579")));
        rollouts.pipeInput(key("g-10"), encode(TestRollouts.rollout("g-10", 0, 65, "579")));
        rollouts.pipeInput(key("g-10"), encode(TestRollouts.rollout("g-10", 4, 4, "579")));
        ruleScores.pipeInput(key("g-10"), encode(TestRollouts.score("g-10", -1, 4, "accuracy", 1)));

        assertThat(readDeadLetters()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("wrong group size").contains("G=0"),
                r -> assertThat(r).contains("wrong group size").contains("G=65"),
                r -> assertThat(r).contains("wrong index: 4"),
                r -> assertThat(r).contains("wrong index: -1"));
    }

    @Test
    void inconsistentGroupSizesAreDeadLettered() {
        start(RewardConfig.defaults());
        pipeRollout("g-11", 0, 2);
        rollouts.pipeInput(key("g-11"), encode(TestRollouts.rollout("g-11", 1, 3, "579")));
        ruleScores.pipeInput(key("g-11"), encode(TestRollouts.score("g-11", 0, 4, "accuracy", 1)));

        assertThat(readDeadLetters()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("inconsistent group size").contains("G=2").contains("G=3"),
                r -> assertThat(r).contains("inconsistent group size").contains("G=4"));
    }

    @Test
    void duplicateMembersAndDuplicateScoresAreDeadLetteredAndTheFirstKept() {
        start(RewardConfig.defaults());
        pipeRollout("g-12", 0, 2);
        pipeRollout("g-12", 0, 2);
        pipeRules("g-12", 0, 2, 1, 1, 1);
        ruleScores.pipeInput(key("g-12"), encode(TestRollouts.score("g-12", 0, 2, "accuracy", 0)));
        pipeRollout("g-12", 1, 2);
        pipeRules("g-12", 1, 2, 0, 1, 1);

        assertThat(readDeadLetters()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).startsWith("duplicate member"),
                r -> assertThat(r).startsWith("duplicate reward"));
        assertThat(readAdvantages()).extracting(AdvantageSample::getReward).containsExactly(3.0, 2.0);
    }

    @Test
    void nonFiniteRewardsAreDeadLettered() {
        start(RewardConfig.defaults());
        ruleScores.pipeInput(key("g-13"), encode(TestRollouts.score("g-13", 0, 1, "accuracy", Double.NaN)));
        ruleScores.pipeInput(key("g-13"), encode(TestRollouts.score("g-13", 0, 1, "format", Double.POSITIVE_INFINITY)));

        assertThat(readDeadLetters()).extracting(DeadLetter::getErrorType)
                .containsExactly("NON_FINITE_REWARD", "NON_FINITE_REWARD");
    }

    @Test
    void rewardsForUnknownRolloutsAreDeadLettered() {
        start(RewardConfig.defaults());
        pipeRollout("g-14", 0, 2);
        RewardScore stranger = TestRollouts.score("g-14", 0, 2, "accuracy", 1);
        stranger.setRolloutId("g-99/0");
        ruleScores.pipeInput(key("g-14"), encode(stranger));
        RewardScore early = TestRollouts.score("g-14", 1, 2, "accuracy", 1);
        early.setRolloutId("g-99/1");
        ruleScores.pipeInput(key("g-14"), encode(early));
        pipeRollout("g-14", 1, 2);

        List<DeadLetter> letters = readDeadLetters();
        assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("UNKNOWN_ROLLOUT", "UNKNOWN_ROLLOUT");
        assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(0L, 1L);
        assertThat(letters.get(1).getReason()).contains("g-99/1");
    }

    @Test
    void recordsNotKeyedByTheirGroupOrOnTheWrongTopicAreDeadLettered() {
        start(RewardConfig.defaults().with(Map.of("weight.judge", "1")));
        rollouts.pipeInput(key("other"), encode(TestRollouts.rollout("g-15", 0, 1, "579")));
        input("grpo.rewards.judge").pipeInput(key("g-15"), encode(TestRollouts.score("g-15", 0, 1, "accuracy", 1)));

        assertThat(readDeadLetters()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("key 'other'"),
                r -> assertThat(r).contains("'accuracy' published on grpo.rewards.judge"));
    }

    @Test
    void theStreamKeepsAssemblingAfterBadInput() {
        start(RewardConfig.defaults());
        rollouts.pipeInput(key("g-16"), new byte[] {1, 2, 3});
        ruleScores.pipeInput(key("g-16"), encode(TestRollouts.score("g-16", 0, 1, "accuracy", Double.NaN)));
        pipeRollout("g-16", 0, 1);
        pipeRules("g-16", 0, 1, 1, 1, 1);

        assertThat(readDeadLetters()).hasSize(2);
        assertThat(readAdvantages()).hasSize(1);
    }

    @Test
    void scoresOfUnconfiguredComponentsAreIgnoredAndCounted() {
        start(RewardConfig.defaults().with(Map.of("weight.language_consistency", "none")));
        pipeRollout("g-17", 0, 1);
        pipeRules("g-17", 0, 1, 1, 1, 0.5);

        assertThat(readAdvantages()).singleElement()
                .satisfies(s -> assertThat(s.getRewardComponents()).containsOnlyKeys("accuracy", "format"));
        assertThat(counter("scores-ignored-total")).isEqualTo(1.0);
    }

    @Test
    void closedGroupsAreForgottenAfterTheTimeout() {
        start(RewardConfig.defaults().with(Map.of("groups.timeout", "10s")));
        pipeRollout("g-18", 0, 1);
        pipeRules("g-18", 0, 1, 1, 1, 1);
        assertThat(store().get("g-18").isClosed()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(11));

        assertThat(store().get("g-18")).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aCompleteGroupWithASampleTooLargeForTheAdvantagesTopicIsDeadLetteredMemberByMember() {
        // A 64 KiB max.request.size stands in for 8 MiB: the same check, with rollouts of kilobytes.
        start(RewardConfig.defaults(), Map.of("producer.max.request.size", "65536"));
        Rollout large = Rollout.newBuilder(TestRollouts.rollout("g-big", 0, 2, "579"))
                .setCompletionTokenIds(java.util.Collections.nCopies(10_000, 1 << 22))
                .setBehaviourLogprobs(java.util.Collections.nCopies(10_000, -0.5f)).build();
        rollouts.pipeInput(key("g-big"), encode(large));
        pipeRules("g-big", 0, 2, 1, 1, 1);
        pipeRollout("g-big", 1, 2);
        pipeRules("g-big", 1, 2, 0, 1, 1);
        pipeRollout("g-fine", 0, 1);
        pipeRules("g-fine", 0, 1, 1, 1, 1);

        List<DeadLetter> letters = readDeadLetters();

        assertThat(readAdvantages()).extracting(AdvantageSample::getGroupId).containsExactly("g-fine");
        assertThat(letters).hasSize(2).allSatisfy(letter -> {
            assertThat(letter.getErrorType()).isEqualTo("OUTPUT_TOO_LARGE");
            assertThat(letter.getReason()).startsWith("group g-big is complete, but the advantage sample of member 0 "
                    + "(rollout 'g-big/0') would be").contains("grpo.advantages").contains("; the group is not assembled");
        });
        assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(0L, 1L);
        byte[] whole = encode(large);
        byte[] prefix = bytes(letters.get(0).getOriginalValue());
        assertThat(whole.length).as("the rollout itself is too large to dead-letter whole").isGreaterThan(65_536);
        assertThat(prefix).isEqualTo(java.util.Arrays.copyOf(whole, prefix.length));
        assertThat(letters.get(0).getOriginalValueSize()).isEqualTo(whole.length);
        assertThat(letters.get(0).getReason()).endsWith("(original value truncated to " + prefix.length + " of "
                + whole.length + " bytes)");
        assertThat(bytes(letters.get(1).getOriginalValue())).isEqualTo(encode(TestRollouts.rollout("g-big", 1, 2, "579")));
        assertThat(letters.get(1).getOriginalValueSize()).isNull();
        assertThat(store().get("g-big").isClosed()).isTrue();
    }

    @Test
    void idsAndVersionsLongerThanTheAssemblerTakesAreDeadLettered() {
        start(RewardConfig.defaults());
        String longId = "g-" + "x".repeat(600);
        rollouts.pipeInput(key(longId), encode(TestRollouts.rollout(longId, 0, 1, "579")));
        RewardScore longVersion = RewardScore.newBuilder(TestRollouts.score("g-v", 0, 1, "accuracy", 1))
                .setRewardVersion("v".repeat(513)).build();
        ruleScores.pipeInput(key("g-v"), encode(longVersion));

        List<DeadLetter> letters = readDeadLetters();

        assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("INVALID_ROLLOUT", "INVALID_REWARD");
        assertThat(letters.get(0).getReason()).startsWith("group_id of 602 bytes is longer than the 512 bytes");
        assertThat(letters.get(1).getReason()).startsWith("reward_version of 513 bytes is longer than the 512 bytes");
        assertThat(store().get(longId)).isNull();
    }

    private org.apache.kafka.streams.state.KeyValueStore<String, GroupState> store() {
        return driver.getKeyValueStore(GroupAssemblerTopology.GROUPS_STORE);
    }

    private TestInputTopic<byte[], byte[]> input(String topic) {
        return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void pipeRollout(String groupId, int index, int groupSize) {
        Rollout rollout = TestRollouts.rollout(groupId, index, groupSize, "579");
        rollouts.pipeInput(key(groupId), encode(rollout));
    }

    /** A member of a code prompt: its ground truth is empty, its checks are in the prompt's verification spec. */
    private void pipeCodeRollout(String groupId, int index, int groupSize) {
        Rollout rollout = Rollout.newBuilder(TestRollouts.rollout(groupId, index, groupSize, "579"))
                .setTask("code").setGroundTruth("").build();
        rollouts.pipeInput(key(groupId), encode(rollout));
    }

    private void pipeRules(String groupId, int index, int groupSize, double... values) {
        for (int c = 0; c < RULES.size(); c++) {
            ruleScores.pipeInput(key(groupId), encode(TestRollouts.score(groupId, index, groupSize, RULES.get(c), values[c])));
        }
    }

    private List<AdvantageSample> readAdvantages() {
        return advantages.readValuesToList().stream()
                .map(bytes -> RecordSerdes.advantageSample().decode("grpo.advantages", 0, 0, bytes)).toList();
    }

    private List<DeadLetter> readDeadLetters() {
        return deadLetters.readValuesToList().stream()
                .map(bytes -> RecordSerdes.deadLetter().decode("grpo.dlq", 0, 0, bytes)).toList();
    }

    private double counter(String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-grpo-assembler-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static byte[] key(String groupId) {
        return groupId.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(Rollout rollout) {
        return RecordSerdes.rollout().encode(rollout);
    }

    /** The bytes a release that knows only Rollout v2 (before per-token versions) writes for {@code rollout}. */
    private static byte[] writtenBySecondVersion(Rollout rollout) throws IOException {
        ShippedSchemas shipped = ShippedSchemas.fromClasspath();
        Schema v2 = shipped.versions("Rollout").get(1);
        GenericRecord old = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v2, shipped).decode(encode(rollout));
        return bytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(old));
    }

    private static byte[] encode(RewardScore score) {
        return RecordSerdes.rewardScore().encode(score);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
