package dev.grpo.tests.coderewards;

import static dev.grpo.tests.coderewards.CodeRollouts.ADD_SPEC;
import static dev.grpo.tests.coderewards.CodeRollouts.CORRECT;
import static dev.grpo.tests.coderewards.CodeRollouts.WRONG;
import static dev.grpo.tests.coderewards.CodeRollouts.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grpo.coderewards.CodeRewardStage;
import dev.grpo.records.RewardScore;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the stage share the rollouts through their consumer group: a second one joining mid-run and the
 * first one leaving mid-run move partitions between them while programs are in flight, and still every rollout gets
 * exactly one committed score.
 */
@ExtendWith(KafkaClusterExtension.class)
class CodeRewardRebalanceTest {

    private static final int ROLLOUTS = 40;

    @Test
    void partitionsMovingBetweenInstancesMidRunScoreEveryRolloutOnce(KafkaCluster kafka) throws Exception {
        try (CodeRollouts rollouts = new CodeRollouts(kafka, "code-rebalance")) {
            AtomicInteger published = new AtomicInteger();
            while (published.get() < ROLLOUTS) {
                publishNext(rollouts, published);
            }
            CodeRewardStage first = CodeRewardStage.sandboxed(rollouts.settings("first").build());
            CompletableFuture<Void> firstRun = CompletableFuture.runAsync(first::run);
            awaitScores(rollouts, 4);
            CodeRewardStage second = CodeRewardStage.sandboxed(rollouts.settings("second").build());
            CompletableFuture<Void> secondRun = CompletableFuture.runAsync(second::run);
            // On a quick machine the first instance can finish the initial rollouts before the group hands the second
            // its partitions, so rollouts keep arriving (one per poll) until the second has scored one.
            await("the second instance scores").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> second.tally().scored() > 0 || publishNext(rollouts, published));
            int total = published.get();
            first.close();
            firstRun.get(30, TimeUnit.SECONDS);
            int scoredByFirst = (int) first.tally().scored();
            boolean consumed = rollouts.awaitConsumed(60);
            second.close();
            secondRun.get(30, TimeUnit.SECONDS);

            Map<String, List<RewardScore>> scores = rollouts.committedScores();
            assertThat(scores).hasSize(total);
            scores.forEach((id, each) -> assertThat(each).as("scores of " + id).hasSize(1));
            assertThat(consumed).isTrue();
            assertThat(scoredByFirst).as("the first instance left mid-run").isLessThan(total);
            assertThat(second.tally().scored()).as("the second took over").isPositive();
            assertThat(scoredByFirst + second.tally().scored()).isEqualTo(total);
        }
    }

    /** Publishes the next rollout (every other one correct); false, so a wait's condition can publish as it polls. */
    private static boolean publishNext(CodeRollouts rollouts, AtomicInteger published) {
        int i = published.getAndIncrement();
        rollouts.publish(rollout("g-" + i, 0, i % 2 == 0 ? CORRECT : WRONG, ADD_SPEC));
        return false;
    }

    private static void awaitScores(CodeRollouts rollouts, int count) {
        awaitTrue(() -> rollouts.committedScoreRecords().size() >= count, count + " scores committed");
    }

    private static void awaitTrue(Callable<Boolean> condition, String what) {
        await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(condition);
    }
}
