package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicCatalogueTest {

    @Test
    void listsEveryTopicOnceInDataFlowOrder() {
        assertThat(TopicCatalogue.all()).extracting(TopicSpec::name).containsExactly(
                "grpo.prompts", "grpo.rollouts", "grpo.rewards.rules", "grpo.advantages", "grpo.stale", "grpo.sft",
                "grpo.policy.versions", "grpo.dlq");
    }

    @Test
    void everyTopicKeyedByGroupHasTheSamePartitionCountSoGroupsAreCoPartitioned() {
        assertThat(TopicCatalogue.all()).filteredOn(t -> t.key().equals("group_id"))
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(t -> assertThat(t.partitions()).isEqualTo(TopicCatalogue.GROUP_PARTITIONS));
    }

    @Test
    void everyTopicCarriesAShippedRecord() {
        assertThat(TopicCatalogue.all()).allSatisfy(t -> assertThat(ShippedSchemas.RECORDS).contains(t.record()));
    }

    @Test
    void findsFixedTopicsByName() {
        assertThat(TopicCatalogue.byName("grpo.rollouts")).contains(TopicCatalogue.ROLLOUTS);
        assertThat(TopicCatalogue.byName("grpo.rewards.rules")).contains(TopicCatalogue.RULE_REWARDS);
    }

    @Test
    void findsAnyWellNamedRewardComponentTopic() {
        assertThat(TopicCatalogue.byName("grpo.rewards.llm-judge_2")).hasValueSatisfying(t -> {
            assertThat(t.name()).isEqualTo("grpo.rewards.llm-judge_2");
            assertThat(t.key()).isEqualTo("group_id");
            assertThat(t.record()).isEqualTo("RewardScore");
            assertThat(t.partitions()).isEqualTo(TopicCatalogue.GROUP_PARTITIONS);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpo.unknown", "grpo.rewards.", "grpo.rewards.Accuracy", "grpo.rewards.a b", "rollouts"})
    void findsNothingForOtherNames(String name) {
        assertThat(TopicCatalogue.byName(name)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Accuracy", "_format", "a.b", "lang consistency"})
    void rejectsBadComponentNamesNamingTheRule(String component) {
        assertThatThrownBy(() -> TopicCatalogue.rewards(component))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case letters, digits");
    }

    @Test
    void componentNamesMayBeUpTo63Characters() {
        assertThat(TopicCatalogue.rewards("a".repeat(63)).name()).hasSize(TopicCatalogue.REWARDS_PREFIX.length() + 63);
        assertThatThrownBy(() -> TopicCatalogue.rewards("a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeleteTopicsConfigsCarryItsRetention() {
        assertThat(TopicCatalogue.ROLLOUTS.configs()).containsExactlyInAnyOrderEntriesOf(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, "delete",
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis()),
                TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(8L * 1024 * 1024 * 1024),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024)));
    }

    @Test
    void theCompactedVersionsTopicKeepsTheLatestPerLearnerForever() {
        assertThat(TopicCatalogue.POLICY_VERSIONS.configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .containsEntry(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    }

    @Test
    void catalogueTopicsKeepTheWritersTimestampsAndSayNothingAboutThem() {
        assertThat(TopicCatalogue.all()).allSatisfy(t -> {
            assertThat(t.clock()).isEqualTo(RecordClock.WRITER);
            assertThat(t.configs()).doesNotContainKey(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
        });
    }

    @Test
    void aTopicStampedByTheBrokerAsksForLogAppendTime() {
        TopicSpec stamped = new TopicSpec("t", "k", "Prompt", 1, null, -1, CleanupPolicy.DELETE, 1, RecordClock.BROKER);

        assertThat(stamped.configs()).containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        assertThat(stamped.withPartitions(2).clock()).isEqualTo(RecordClock.BROKER);
    }

    @Test
    void withPartitionsChangesOnlyThePartitionCount() {
        TopicSpec single = TopicCatalogue.ADVANTAGES.withPartitions(1);

        assertThat(single.partitions()).isEqualTo(1);
        assertThat(single).usingRecursiveComparison().ignoringFields("partitions").isEqualTo(TopicCatalogue.ADVANTAGES);
    }

    @Test
    void aSpecNeedsAtLeastOnePartitionAndOneMessageByte() {
        assertThatThrownBy(() -> TopicCatalogue.PROMPTS.withPartitions(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grpo.prompts");
        assertThatThrownBy(() -> new TopicSpec("t", "k", "Prompt", 1, null, -1, CleanupPolicy.DELETE, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max message bytes");
        assertThatThrownBy(() -> new TopicSpec(null, "k", "Prompt", 1, null, -1, CleanupPolicy.DELETE, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
    }
}
