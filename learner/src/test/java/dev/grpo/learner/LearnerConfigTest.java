package dev.grpo.learner;

import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.schemas.cluster.KafkaClusterConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a learner's outputs go for the topic it reads, and the truncated-IS cap it gets by default: off on-policy,
 * on for history.
 */
class LearnerConfigTest {

    @Test
    void aLearnerOfTheLiveAdvantagesTopicWritesToTheCatalogueTopics() {
        assertThat(LearnerTopics.reading("grpo.advantages")).isEqualTo(LearnerTopics.catalogue());
        assertThat(LearnerTopics.catalogue().live()).isTrue();
    }

    @Test
    void aLearnerOfAReplayedTopicGetsStaleAndDeadLetterTopicsOfItsOwnButSharesTheVersionsTopic() {
        LearnerTopics topics = LearnerTopics.reading("grpo.advantages.fixed-format");

        assertThat(topics.advantages()).isEqualTo("grpo.advantages.fixed-format");
        assertThat(topics.stale()).isEqualTo("grpo.advantages.fixed-format.stale");
        assertThat(topics.deadLetters()).isEqualTo("grpo.advantages.fixed-format.dlq");
        assertThat(topics.policyVersions()).isEqualTo("grpo.policy.versions");
        assertThat(topics.live()).isFalse();
    }

    @Test
    void aNamespacePrefixesEveryTopicOfTheLearner() {
        LearnerTopics topics = LearnerTopics.catalogue().prefixed("team-a.");

        assertThat(topics).isEqualTo(new LearnerTopics("team-a.grpo.advantages", "team-a.grpo.stale",
                "team-a.grpo.policy.versions", "team-a.grpo.dlq"));
    }

    @Test
    void aMissingTopicNameIsRefused() {
        assertThatThrownBy(() -> new LearnerTopics("a", " ", "v", "d")).hasMessageContaining("stale");
        assertThatThrownBy(() -> LearnerTopics.reading(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRatioCapIsOffOnPolicyAndTwoOrTheLeastTheLossAcceptsOffPolicy() {
        assertThat(LearnerConfig.defaultRatioCap(false, 0.2)).isZero();
        assertThat(LearnerConfig.defaultRatioCap(true, 0.2)).isEqualTo(2.0);
        assertThat(LearnerConfig.defaultRatioCap(true, 1.5)).isEqualTo(2.5);
    }

    @Test
    void theDefaultsAndTheShortConstructorAreOnPolicy() {
        LearnerConfig defaults = LearnerConfig.defaults("l", KafkaClusterConfig.of("localhost:9092"), Path.of("init"), Path.of("ckpt"));
        LearnerConfig live = new LearnerConfig("l", KafkaClusterConfig.of("localhost:9092"), null, Path.of("ckpt"),
                LearnerTopics.catalogue(), 8, 0, 4, 0.2, 0.2, 0.001, defaults.aggregation(), 0, 0, 3e-6f, 0, 0f, 1f,
                400, 1, 3, 0, 0, "auto", 0, defaults.pollTimeout());

        assertThat(defaults.offPolicy()).isFalse();
        assertThat(live.offPolicy()).isFalse();
    }
}
