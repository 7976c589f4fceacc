package dev.grpo.streams.spi;

import dev.grpo.schemas.TopicCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamTopicsTest {

    @Test
    void theCatalogueNamesAreUnprefixed() {
        StreamTopics topics = StreamTopics.catalogue();

        assertThat(topics.rollouts()).isEqualTo("grpo.rollouts");
        assertThat(topics.ruleRewards()).isEqualTo("grpo.rewards.rules");
        assertThat(topics.rewards("judge")).isEqualTo("grpo.rewards.judge");
        assertThat(topics.advantages()).isEqualTo("grpo.advantages");
        assertThat(topics.deadLetters()).isEqualTo("grpo.dlq");
    }

    @Test
    void aPrefixIsPutBeforeEveryName() {
        StreamTopics topics = new StreamTopics("run-7.");

        assertThat(topics.rollouts()).isEqualTo("run-7.grpo.rollouts");
        assertThat(topics.rewards("judge")).isEqualTo("run-7.grpo.rewards.judge");
    }

    @Test
    void tellsTheComponentOfAnExternalRewardTopic() {
        StreamTopics topics = new StreamTopics("p.");

        assertThat(topics.componentOf("p.grpo.rewards.judge")).contains("judge");
        assertThat(topics.componentOf("p.grpo.rewards.rules")).isEmpty();
        assertThat(topics.componentOf("grpo.rewards.judge")).isEmpty();
    }

    @Test
    void specsKeepTheCatalogueSettingsUnderThePrefixedName() {
        StreamTopics topics = new StreamTopics("p.");

        assertThat(topics.spec("p.grpo.rollouts")).usingRecursiveComparison().ignoringFields("name")
                .isEqualTo(TopicCatalogue.ROLLOUTS);
        assertThat(topics.spec("p.grpo.rollouts").name()).isEqualTo("p.grpo.rollouts");
        assertThat(topics.spec("p.grpo.rewards.judge").partitions()).isEqualTo(TopicCatalogue.GROUP_PARTITIONS);
        assertThatThrownBy(() -> topics.spec("p.grpo.unknown")).hasMessageContaining("not a catalogue topic");
        assertThatThrownBy(() -> new StreamTopics("bad prefix")).hasMessageContaining("'bad prefix'");
    }

    @Test
    void aSetMayWriteOutputsOfItsOwnWhileReadingTheSameInputs() {
        StreamTopics replay = new StreamTopics("p.").writingTo("p.grpo.rewards.rules.r1", "p.adv", "p.grpo.dlq.r1");

        assertThat(replay.rollouts()).isEqualTo("p.grpo.rollouts");
        assertThat(replay.rewards("judge")).isEqualTo("p.grpo.rewards.judge");
        assertThat(replay.ruleRewards()).isEqualTo("p.grpo.rewards.rules.r1");
        assertThat(replay.advantages()).isEqualTo("p.adv");
        assertThat(replay.deadLetters()).isEqualTo("p.grpo.dlq.r1");
        assertThat(replay.prefix()).isEqualTo("p.");
    }

    @Test
    void theOwnOutputsTakeTheSpecsOfTheTopicsTheyStandFor() {
        StreamTopics replay = StreamTopics.catalogue().writingTo("grpo.rewards.rules.r1", "adv", "grpo.dlq.r1");

        assertThat(replay.spec("adv")).usingRecursiveComparison().ignoringFields("name").isEqualTo(TopicCatalogue.ADVANTAGES);
        assertThat(replay.spec("grpo.rewards.rules.r1")).usingRecursiveComparison().ignoringFields("name")
                .isEqualTo(TopicCatalogue.RULE_REWARDS);
        assertThat(replay.spec("grpo.dlq.r1").partitions()).isEqualTo(TopicCatalogue.DEAD_LETTERS.partitions());
        assertThat(replay.spec("grpo.rewards.judge").name()).isEqualTo("grpo.rewards.judge");
    }

    @Test
    void theOwnRuleTopicIsNoExternalComponent() {
        StreamTopics replay = StreamTopics.catalogue().writingTo("grpo.rewards.rules.r1", "adv", "grpo.dlq.r1");

        assertThat(replay.componentOf("grpo.rewards.rules.r1")).isEmpty();
        assertThat(replay.componentOf("grpo.rewards.judge")).contains("judge");
    }

    @Test
    void anIllegalTopicNameIsRefused() {
        assertThatThrownBy(() -> StreamTopics.catalogue().writingTo("rules out", "adv", "dlq"))
                .hasMessageContaining("'rules out'");
    }
}
