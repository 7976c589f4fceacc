package dev.grpo.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.schemas.topics.TopicCatalogue;
import org.junit.jupiter.api.Test;

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
}
