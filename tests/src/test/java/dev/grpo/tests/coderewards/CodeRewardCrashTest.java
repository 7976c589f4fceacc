package dev.grpo.tests.coderewards;

import static dev.grpo.tests.coderewards.CodeRollouts.ADD_SPEC;
import static dev.grpo.tests.coderewards.CodeRollouts.CORRECT;
import static dev.grpo.tests.coderewards.CodeRollouts.WRONG;
import static dev.grpo.tests.coderewards.CodeRollouts.rollout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.RewardScore;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across crashes: the stage runs in a child JVM, is killed with SIGKILL at a random point mid-run and
 * restarted, then stopped gracefully and restarted once more; read_committed, every verified rollout has exactly one
 * code score with the right value (none lost, none duplicated) and the unverified ones none.
 */
@ExtendWith(KafkaClusterExtension.class)
class CodeRewardCrashTest {

    private static final int VERIFIED = 48;
    private static final int UNVERIFIED = 12;

    @Test
    void killedAndStoppedMidRunTheStageLosesAndDuplicatesNoScore(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (CodeRollouts rollouts = new CodeRollouts(kafka, "code-crash")) {
            Set<String> verified = new HashSet<>();
            for (int i = 0; i < VERIFIED + UNVERIFIED; i++) {
                boolean code = i % 5 != 4;
                String group = "g-" + i;
                rollouts.publish(rollout(group, 0, i % 2 == 0 ? CORRECT : WRONG, code ? ADD_SPEC : null));
                if (code) {
                    verified.add(group + "/0");
                }
            }
            assertThat(verified).hasSize(VERIFIED);

            Process first = CodeRewardStageProcess.launch(rollouts, kafka.bootstrapServers(), "a", dir.resolve("1.log"));
            int seenBeforeKill = rollouts.awaitScores(1 + random.nextInt(12), first);
            Thread.sleep(random.nextInt(300));
            first.destroyForcibly().waitFor();
            int committedAtKill = rollouts.committedScoreRecords().size();
            assertThat(committedAtKill).as("the kill landed mid-run").isLessThan(VERIFIED);

            Process second = CodeRewardStageProcess.launch(rollouts, kafka.bootstrapServers(), "a", dir.resolve("2.log"));
            int seenBeforeStop = rollouts.awaitScores(Math.min(VERIFIED - 4, seenBeforeKill + 8), second);
            second.destroy();
            assertThat(second.waitFor(40, TimeUnit.SECONDS)).as("a graceful stop ends the process").isTrue();
            assertThat(rollouts.committedScoreRecords().size()).as("the stop landed mid-run").isLessThan(VERIFIED);

            Process third = CodeRewardStageProcess.launch(rollouts, kafka.bootstrapServers(), "a", dir.resolve("3.log"));
            boolean consumed;
            try {
                consumed = rollouts.awaitConsumed(60);
            } finally {
                third.destroy();
                third.waitFor(40, TimeUnit.SECONDS);
            }

            Map<String, List<RewardScore>> scores = rollouts.committedScores();
            String context = "seed " + seed + ", killed after " + seenBeforeKill + " (" + committedAtKill + ") scores, stopped after "
                    + seenBeforeStop;
            assertThat(scores.keySet()).as("no score lost, none for an unverified rollout; " + context)
                    .isEqualTo(verified);
            scores.forEach((id, each) -> assertThat(each).as("scores of " + id + "; " + context).hasSize(1));
            scores.forEach((id, each) -> assertThat(each.get(0).getValue()).as(id)
                    .isEqualTo(Integer.parseInt(id.substring(2, id.indexOf('/'))) % 2 == 0 ? 1.0 : 0.0));
            assertThat(rollouts.committedDeadLetters()).isEmpty();
            assertThat(consumed).as("the restarted stage consumed everything; log: "
                    + Files.readString(dir.resolve("3.log"))).isTrue();
        }
    }
}
