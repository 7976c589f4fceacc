package dev.grpo.streams;

import dev.grpo.streams.spi.StreamTopics;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayOutputsTest {

    @Test
    void aRunWritesTopicsNamedAfterItAndReadsTheLiveOnes() {
        ReplayOutputs outputs = ReplayOutputs.of(StreamTopics.catalogue(), "fmt-v2", Optional.empty());

        assertThat(outputs.topicNames())
                .containsExactly("grpo.rewards.rules.fmt-v2", "grpo.advantages.fmt-v2", "grpo.dlq.fmt-v2");
        assertThat(outputs.topics().rollouts()).isEqualTo("grpo.rollouts");
        assertThat(outputs.topics().rewards("judge")).isEqualTo("grpo.rewards.judge");
        assertThat(outputs.applicationIds()).containsExactly("grpo-replay-fmt-v2-rules", "grpo-replay-fmt-v2-assembler");
    }

    @Test
    void theAdvantagesTopicMayBeNamed() {
        ReplayOutputs outputs = ReplayOutputs.of(new StreamTopics("p."), "r1", Optional.of("p.ablation"));

        assertThat(outputs.topicNames()).containsExactly("p.grpo.rewards.rules.r1", "p.ablation", "p.grpo.dlq.r1");
        assertThat(outputs.applicationIds()).containsExactly("p.grpo-replay-r1-rules", "p.grpo-replay-r1-assembler");
    }

    @Test
    void neverWritesALiveTopic() {
        assertThatThrownBy(() -> ReplayOutputs.of(StreamTopics.catalogue(), "r", Optional.of("grpo.advantages")))
                .hasMessageContaining("grpo.advantages is a live topic");
    }

    @Test
    void aRunNameMustBeUsableInTopicNames() {
        assertThatThrownBy(() -> ReplayOutputs.of(StreamTopics.catalogue(), "my run", Optional.empty()))
                .hasMessageContaining("'my run'");
        assertThatThrownBy(() -> ReplayOutputs.of(StreamTopics.catalogue(), ".hidden", Optional.empty()))
                .hasMessageContaining("'.hidden'");
    }
}
