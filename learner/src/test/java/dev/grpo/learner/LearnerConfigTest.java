package dev.grpo.learner;

import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.schemas.KafkaClusterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a learner's outputs go for the topic it reads, the truncated-IS cap it gets by default (off on-policy, on for
 * history), the builder's defaults, and its refusals, each naming the field at fault.
 */
class LearnerConfigTest {

    private static final KafkaClusterConfig CLUSTER = KafkaClusterConfig.of("localhost:9092");

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
    void theBuilderStartsFromTheDeepSeekDefaultsOnPolicy() {
        LearnerConfig config = LearnerConfig.builder("l", CLUSTER, Path.of("ckpt")).build();

        assertThat(config.run()).isEqualTo(TrainingRun.DEFAULTS);
        assertThat(config.run().offPolicy()).isFalse();
        assertThat(config.loss()).isEqualTo(new LossConfig(0.2, 0.2, 0.001, LossAggregation.TOKEN_MEAN, 0, 0));
        assertThat(config.optimizer().learningRate()).isEqualTo(3e-6f);
        assertThat(config.optimizer().maxGradientNorm()).isEqualTo(1f);
        assertThat(config.checkpointing()).isEqualTo(Checkpointing.of(null, Path.of("ckpt")));
        assertThat(config.kafka()).isEqualTo(LearnerKafka.of(CLUSTER));
    }

    @Test
    void anOffPolicyLearnerGetsTheOffPolicyRatioCapUnlessOneIsSetWhateverTheOrder() {
        LearnerConfig.Builder builder = LearnerConfig.builder("l", CLUSTER, Path.of("ckpt")).offPolicy(true);

        assertThat(builder.build().loss().ratioCap()).isEqualTo(2.0);
        assertThat(builder.ratioCap(3).build().loss().ratioCap()).isEqualTo(3.0);
        assertThat(builder.ratioCap(0).offPolicy(false).build().loss().ratioCap()).isZero();
    }

    @Test
    void theNormLengthIsTheModelsMaxLengthUnlessOneIsSet() {
        LearnerConfig.Builder builder = LearnerConfig.builder("l", CLUSTER, Path.of("ckpt"));

        assertThat(builder.build().lossSettings(512).normLength()).isEqualTo(512);
        assertThat(builder.lossNormLength(100).build().lossSettings(512).normLength()).isEqualTo(100);
    }

    @Test
    void theLossChoicesReachTheLossAndSurviveTheNormLength() {
        LearnerConfig config = LearnerConfig.builder("l", CLUSTER, Path.of("ckpt")).policyLoss(PolicyLoss.GSPO)
                .klEstimator(KlEstimator.K1).entropyCoefficient(0.01).build();

        LossConfig loss = config.lossSettings(512);
        assertThat(loss.policyLoss()).isEqualTo(PolicyLoss.GSPO);
        assertThat(loss.klEstimator()).isEqualTo(KlEstimator.K1);
        assertThat(loss.entropyCoefficient()).isEqualTo(0.01);
        assertThat(loss.withKlCoefficient(0).policyLoss()).isEqualTo(PolicyLoss.GSPO);
        assertThatThrownBy(() -> LearnerConfig.builder("l", CLUSTER, Path.of("ckpt")).entropyCoefficient(-1).build())
                .hasMessage("the entropy coefficient must be >= 0, got -1.0");
    }

    @Test
    void aWitherChangesOneValueAndKeepsTheRest() {
        LearnerConfig config = LearnerConfig.builder("l", CLUSTER, Path.of("ckpt")).maxSteps(7).build();

        LearnerConfig changed = config.withGroupTimeout(Duration.ofSeconds(1));

        assertThat(changed.run().groupTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(changed.run().maxSteps()).isEqualTo(7);
        assertThat(changed.withRun(config.run())).isEqualTo(config);
    }

    @ParameterizedTest
    @CsvSource({"groupsPerStep", "maxStaleness", "checkpointEvery", "keepCheckpoints", "learningRate", "groupTimeout",
            "pollTimeout", "warmupSteps", "maxSteps"})
    void anOutOfRangeValueIsRefusedNamingItsField(String field) {
        LearnerConfig.Builder builder = LearnerConfig.builder("l", CLUSTER, Path.of("ckpt"));
        switch (field) {
            case "groupsPerStep" -> builder.groupsPerStep(0);
            case "maxStaleness" -> builder.maxStaleness(-1);
            case "checkpointEvery" -> builder.checkpointEvery(0);
            case "keepCheckpoints" -> builder.keepCheckpoints(-1);
            case "learningRate" -> builder.learningRate(0);
            case "groupTimeout" -> builder.groupTimeout(Duration.ZERO);
            case "pollTimeout" -> builder.pollTimeout(Duration.ofMillis(-1));
            case "warmupSteps" -> builder.warmupSteps(-1);
            default -> builder.maxSteps(-1);
        }

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + " must be");
    }

    @Test
    void aMissingRequiredValueIsRefusedNamingIt() {
        assertThatThrownBy(() -> LearnerConfig.builder(" ", CLUSTER, Path.of("ckpt")).build())
                .hasMessage("learnerId is required");
        assertThatThrownBy(() -> LearnerConfig.builder("l", null, Path.of("ckpt")).build())
                .hasMessage("cluster is required");
        assertThatThrownBy(() -> LearnerConfig.builder("l", CLUSTER, null).build())
                .hasMessage("checkpointDirectory is required");
        assertThatThrownBy(() -> LearnerConfig.builder("l", CLUSTER, Path.of("c")).device(null).build())
                .hasMessage("device is required");
    }
}
