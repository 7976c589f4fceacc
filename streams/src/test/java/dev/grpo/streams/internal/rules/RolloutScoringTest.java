package dev.grpo.streams.internal.rules;

import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordLayout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.TopologySettings;
import dev.grpo.streams.internal.rewards.RewardCatalogue;
import dev.grpo.streams.internal.topology.TestRollouts;
import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.Score;
import dev.grpo.streams.spi.SinkLimit;
import dev.grpo.streams.spi.UnscorableCompletionException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutScoringTest {

    private static final SinkLimit SINK = new SinkLimit("grpo.rewards.rules", 1024 * 1024);
    private static final byte[] KEY = "g".getBytes();

    @Test
    void everyRuleScoresARolloutOfAnUnscopedConfiguration() {
        assertThat(components(RewardConfig.defaults(), "code"))
                .containsExactly("accuracy", "format", "language_consistency");
    }

    @Test
    void aRuleScopedToOtherTasksIsNotRun() {
        RewardConfig config = RewardConfig.defaults().with(Map.of("tasks.accuracy", "arithmetic"));

        assertThat(components(config, "code")).containsExactly("format", "language_consistency");
        assertThat(components(config, "arithmetic")).containsExactly("accuracy", "format", "language_consistency");
    }

    @Test
    void aRolloutNoRuleAppliesToIsScoredWithNothingRatherThanRefused() {
        RewardConfig config = RewardConfig.defaults().with(Map.of("tasks.accuracy", "arithmetic",
                "tasks.format", "arithmetic", "tasks.language_consistency", "arithmetic"));

        RolloutScoring.Outcome outcome = scoring(config).score(layout("code"), 0, KEY, SINK);

        assertThat(outcome).isEqualTo(new RolloutScoring.Scored(List.of(), List.of()));
    }

    /** An "accuracy" reward of version {@code version} that scores with {@code scoring}. */
    private static RewardFunction accuracy(String version, Function<Completion, Score> scoring) {
        return new RewardFunction() {
            @Override
            public String name() {
                return "accuracy";
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public Score score(Completion completion) {
                return scoring.apply(completion);
            }
        };
    }

    private static RolloutScoring.Outcome scoredBy(Function<Completion, Score> scoring) {
        return new RolloutScoring(List.of(accuracy("test-1", scoring)), TopologySettings.components(RewardConfig.defaults()))
                .score(layout("arithmetic"), 0L, KEY, SINK);
    }

    @Test
    void aCompletionTheFunctionDeclaresUnscorableIsDeadLetteredUnderItsShippedName() {
        RolloutScoring.Outcome outcome = scoredBy(completion -> {
            throw new UnscorableCompletionException("no spec");
        });
        assertThat(outcome).isEqualTo(new RolloutScoring.Unscorable(DeadLetterReason.UNSCORABLE_COMPLETION,
                "reward 'accuracy' could not score rollout g/0: no spec"));
    }

    @Test
    void anyOtherFailureOfTheFunctionIsItsOwnFault() {
        RolloutScoring.Outcome outcome = scoredBy(completion -> {
            throw new IllegalStateException("bug");
        });
        assertThat(outcome).isInstanceOfSatisfying(RolloutScoring.Unscorable.class,
                unscorable -> assertThat(unscorable.errorType()).isEqualTo(DeadLetterReason.REWARD_FUNCTION_FAILED));
    }

    @Test
    void aNonFiniteScoreIsNeverPublished() {
        assertThat(scoredBy(completion -> Score.of(Double.NaN, ""))).isInstanceOfSatisfying(
                RolloutScoring.Unscorable.class,
                unscorable -> assertThat(unscorable.errorType()).isEqualTo(DeadLetterReason.NON_FINITE_REWARD));
    }

    @Test
    void aScoreTooLargeForItsTopicIsRefusedBeforeAnyIsWritten() {
        RolloutScoring.Outcome outcome = new RolloutScoring(List.of(accuracy("v".repeat(100),
                completion -> Score.of(1.0, ""))), TopologySettings.components(RewardConfig.defaults()))
                .score(layout("arithmetic"), 0L, new byte[0], new SinkLimit("grpo.rewards.rules", 64));
        assertThat(outcome).isInstanceOfSatisfying(RolloutScoring.Unscorable.class,
                unscorable -> assertThat(unscorable.errorType()).isEqualTo(DeadLetterReason.OUTPUT_TOO_LARGE));
    }

    private static List<String> components(RewardConfig config, String task) {
        RolloutScoring.Outcome outcome = scoring(config).score(layout(task), 0, KEY, SINK);
        assertThat(outcome).isInstanceOf(RolloutScoring.Scored.class);
        return ((RolloutScoring.Scored) outcome).scores().stream().map(RewardScore::getComponent).toList();
    }

    private static RolloutScoring scoring(RewardConfig config) {
        return new RolloutScoring(RewardCatalogue.installed().select(config.ruleComponents(), config.rewardOptions()),
                TopologySettings.components(config));
    }

    private static RecordLayout layout(String task) {
        Rollout rollout = Rollout.newBuilder(TestRollouts.rollout("g", 0, 1, "579")).setTask(task).build();
        return RecordSerdes.rollout().layout("grpo.rollouts", 0, 0, RecordSerdes.rollout().encode(rollout));
    }
}
