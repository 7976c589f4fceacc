package dev.grpo.tests.coderewards;

import static dev.grpo.tests.coderewards.CodeRollouts.ADD_SPEC;
import static dev.grpo.tests.coderewards.CodeRollouts.CORRECT;
import static dev.grpo.tests.coderewards.CodeRollouts.WRONG;
import static dev.grpo.tests.coderewards.CodeRollouts.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.coderewards.CodeRewardStage;
import dev.grpo.coderewards.CodeVerifier;
import dev.grpo.coderewards.ScoringTally;
import dev.grpo.coderewards.internal.sandbox.Language;
import dev.grpo.coderewards.internal.sandbox.Sandbox;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.RewardScore;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The code-reward stage on a real broker: every rollout with a verification spec gets exactly one committed code score
 * with the right value and reason, on its group's key and partition; rollouts without one get none; records it cannot
 * score land in the dead-letter topic with their original bytes; and it commits its offsets to the end. A broken
 * sandbox stops it without a score and without committing, so a restart scores the rollout.
 */
@ExtendWith(KafkaClusterExtension.class)
class CodeRewardStageTest {

    private static final String SYNTAX_ERROR = "```python\nprint(sum(map(int, input().split()))\n```";
    private static final String SLOW = "```python\nimport time\ntime.sleep(5)\nprint(5)\n```";
    private static final String NO_PROGRAM = "I am not sure how to solve this.";

    @Test
    void scoresEveryVerifiedRolloutOnceAndDeadLettersWhatItCannotScore(KafkaCluster kafka) throws Exception {
        try (CodeRollouts rollouts = new CodeRollouts(kafka, "code-stage")) {
            Map<String, String> completions = Map.of("correct", CORRECT, "wrong", WRONG, "syntax", SYNTAX_ERROR,
                    "slow", SLOW, "silent", NO_PROGRAM);
            completions.forEach((name, text) -> rollouts.publish(rollout(name, 0, text, ADD_SPEC)));
            for (int i = 0; i < 3; i++) {
                rollouts.publish(rollout("math-" + i, i, "<answer>5</answer>", null));
            }
            byte[] malformed = RecordSerdes.rollout().encode(rollout("malformed", 1, CORRECT, "{\"kind\": \"assert\"}"));
            rollouts.publishRaw("malformed", malformed);
            byte[] garbage = "not a rollout".getBytes(StandardCharsets.UTF_8);
            rollouts.publishRaw("garbage", garbage);

            CodeRewardStage stage = CodeRewardStage.sandboxed(rollouts.settings("only").build());
            CompletableFuture<Void> running = CompletableFuture.runAsync(stage::run);
            boolean consumed = rollouts.awaitConsumed(60);
            stage.close();
            running.get(30, TimeUnit.SECONDS);
            assertThat(consumed).as("the stage committed every rollout's offset").isTrue();

            Map<String, List<RewardScore>> scores = rollouts.committedScores();
            assertThat(scores).containsOnlyKeys("correct/0", "wrong/0", "syntax/0", "slow/0", "silent/0");
            assertThat(scores.values()).allSatisfy(one -> assertThat(one).hasSize(1));
            assertScore(scores, "correct/0", 1.0, "passed 1/1");
            assertScore(scores, "wrong/0", 0.0, "passed 0/1: wrong answer on test 1 of 1: expected '5', got '6'");
            assertScore(scores, "syntax/0", 0.0, "passed 0/1: compile error: SyntaxError");
            assertScore(scores, "slow/0", 0.0, "passed 0/1: timeout");
            assertScore(scores, "silent/0", 0.0, "passed 0/1: no program");
            assertThat(scores.get("correct/0").get(0).getRewardVersion()).isEqualTo(stage.rewardVersion());
            Map<String, Integer> rolloutPartitions = kafka.readToEnd(rollouts.topics().rollouts()).stream()
                    .collect(Collectors.toMap(r -> new String(r.key(), StandardCharsets.UTF_8), r -> r.partition()));
            for (ConsumerRecord<byte[], byte[]> score : rollouts.committedScoreRecords()) {
                String groupId = RecordSerdes.rewardScore().decode(score).getGroupId().toString();
                assertThat(new String(score.key(), StandardCharsets.UTF_8)).isEqualTo(groupId);
                assertThat(score.partition()).as("co-partitioned with its rollout").isEqualTo(rolloutPartitions.get(groupId));
            }

            List<DeadLetter> letters = rollouts.committedDeadLetters().stream()
                    .map(r -> RecordSerdes.deadLetter().decode(r)).toList();
            assertThat(letters).hasSize(2);
            DeadLetter malformedLetter = letters.stream().filter(l -> l.getErrorType().equals("MALFORMED_VERIFICATION"))
                    .findFirst().orElseThrow();
            assertThat(malformedLetter.getOriginalValue().array()).isEqualTo(malformed);
            assertThat(malformedLetter.getReason()).contains("rollout malformed/1: malformed verification spec");
            assertThat(malformedLetter.getStage()).isEqualTo(rollouts.groupId());
            DeadLetter garbageLetter = letters.stream().filter(l -> l != malformedLetter).findFirst().orElseThrow();
            assertThat(garbageLetter.getOriginalValue().array()).isEqualTo(garbage);

            ScoringTally tally = stage.tally();
            assertThat(tally.scored()).isEqualTo(5);
            assertThat(tally.passed()).isEqualTo(1);
            assertThat(tally.skipped()).isEqualTo(3);
            assertThat(tally.deadLettered()).isEqualTo(2);
        }
    }

    @Test
    void aBrokenSandboxStopsTheStageWithoutAScoreOrACommitAndARestartScoresTheRollout(KafkaCluster kafka)
            throws Exception {
        try (CodeRollouts rollouts = new CodeRollouts(kafka, "code-broken")) {
            rollouts.publish(rollout("g-1", 0, CORRECT, ADD_SPEC));
            Language unrunnable = new Language("python", ".", List.of("/usr/bin/python3", "-I", "."), List.of(),
                    "MemoryError");
            CodeRewardStage broken = new CodeRewardStage(rollouts.settings("only").build(),
                    new CodeVerifier(Map.of("python", new Sandbox(unrunnable))));

            assertThatThrownBy(broken::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the sandbox failed 3 times on rollout g-1/0")
                    .hasMessageContaining("restart");
            assertThat(rollouts.committedScores()).as("never a 0 for a broken sandbox").isEmpty();
            assertThat(rollouts.consumedToEnd()).as("its offset is not committed").isFalse();

            CodeRewardStage repaired = CodeRewardStage.sandboxed(rollouts.settings("only").build());
            CompletableFuture<Void> running = CompletableFuture.runAsync(repaired::run);
            boolean consumed = rollouts.awaitConsumed(60);
            repaired.close();
            running.get(30, TimeUnit.SECONDS);
            assertThat(consumed).isTrue();
            assertThat(rollouts.committedScores().get("g-1/0")).singleElement()
                    .satisfies(score -> assertThat(score.getValue()).isEqualTo(1.0));
        }
    }

    private static void assertScore(Map<String, List<RewardScore>> scores, String rolloutId, double value,
            String details) {
        RewardScore score = scores.get(rolloutId).get(0);
        assertThat(score.getComponent()).isEqualTo("code");
        assertThat(score.getValue()).as(rolloutId).isEqualTo(value);
        assertThat(score.getDetails()).as(rolloutId).startsWith(details);
    }
}
