package dev.grpo.coderewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodeRewardConfigTest {

    @Test
    void defaultsToItsOwnGroupAndTheCatalogueTopics() {
        CodeRewardConfig settings = CodeRewardConfig.builder("localhost:9092").instanceId("host-1").build();

        assertThat(settings.groupId()).isEqualTo("grpo-code-reward");
        assertThat(settings.memberId()).isEqualTo("grpo-code-reward-host-1");
        assertThat(settings.topics().rollouts()).isEqualTo("grpo.rollouts");
        assertThat(CodeRewardStage.scoreTopic(settings.topics())).isEqualTo("grpo.rewards.code");
        assertThat(settings.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(settings.partial()).isFalse();
        assertThat(settings.capacity()).isEqualTo(2 * settings.workers());
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> CodeRewardConfig.builder("localhost:9092").workers(0).build())
                .hasMessageContaining("workers must be >= 1, got 0");
        assertThatThrownBy(() -> CodeRewardConfig.builder("localhost:9092").instanceId("a b").build())
                .hasMessageContaining("instance id").hasMessageContaining("'a b'");
        assertThatThrownBy(() -> CodeRewardConfig.builder(" ").build())
                .hasMessageContaining("bootstrap servers");
    }
}
