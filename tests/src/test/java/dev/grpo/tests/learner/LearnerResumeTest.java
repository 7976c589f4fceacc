package dev.grpo.tests.learner;

import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.internal.checkpoint.CheckpointStore;
import dev.grpo.learner.internal.checkpoint.PartitionOffset;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a learner knew about groups still open when it stopped survives the restart: a member dead-lettered before the
 * checkpoint still counts for its group, and a group whose missing member never comes is dead-lettered after the group
 * timeout, once, instead of holding its partition's resume point back for good.
 */
@ExtendWith(KafkaClusterExtension.class)
class LearnerResumeTest {

    private static final List<Integer> TWO = List.of(5, 6);

    @Test
    void aGroupWhoseMemberWasDeadLetteredBeforeARestartCompletesAfterIt(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        LearnerTopics topics = LearnerHarness.createTopics(cluster, 1);
        Path initial = LearnerHarness.initialCheckpoint(dir.resolve("initial"));
        Path checkpoints = dir.resolve("checkpoints");
        LearnerHarness.produce(cluster, topics.advantages(), List.of(LearnerHarness.sample("a", 0, 1, 0),
                LearnerHarness.sample("x", 0, 2, 0, TWO, List.of(-1f, -1f), Double.NaN)), 1);
        LearnerConfig first = LearnerHarness.config(cluster, topics, initial, checkpoints, 1, 10, 1, 0, 1);
        new LearnerRunner().runToCompletion(first);

        LearnerHarness.produce(cluster, topics.advantages(), List.of(LearnerHarness.sample("x", 1, 2, 0),
                LearnerHarness.sample("b", 0, 1, 0)), 1);
        LearnerConfig second = LearnerHarness.config(cluster, topics, initial, checkpoints, 1, 10, 3, 0, 1);
        new LearnerRunner().runToCompletion(second);

        assertThat(LearnerHarness.trainedGroups(checkpoints)).containsExactly("a", "x", "b");
        assertThat(deadLetters(cluster, topics)).extracting(l -> l.getSourceOffset(), l -> l.getErrorType().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "NON_FINITE_ADVANTAGE"));
    }

    @Test
    void aGroupThatCannotCompleteIsDeadLetteredOnceAfterTheTimeoutAndItsPartitionMovesOn(KafkaCluster cluster,
                                                                                       @TempDir Path dir)
            throws Exception {
        LearnerTopics topics = LearnerHarness.createTopics(cluster, 1);
        Path initial = LearnerHarness.initialCheckpoint(dir.resolve("initial"));
        Path checkpoints = dir.resolve("checkpoints");
        AdvantageSample lonely = LearnerHarness.sample("y", 0, 2, 0);
        LearnerHarness.produce(cluster, topics.advantages(), List.of(lonely, LearnerHarness.sample("c", 0, 1, 0)), 1);
        CompletableFuture<Void> afterTheTimeout = CompletableFuture.runAsync(() -> {
            awaitDeadLetters(cluster, topics, 1);
            LearnerHarness.produce(cluster, topics.advantages(), List.of(LearnerHarness.sample("d", 0, 1, 0)), 1);
        });
        LearnerConfig first = LearnerHarness.config(cluster, topics, initial, checkpoints, 1, 10, 2, 0, 1)
                .withGroupTimeout(Duration.ofSeconds(1));
        new LearnerRunner().runToCompletion(first);
        afterTheTimeout.get(10, TimeUnit.SECONDS);

        List<PartitionOffset> resumeAt = new CheckpointStore(checkpoints, 0).latest().orElseThrow().state().offsets();
        assertThat(resumeAt).singleElement().satisfies(p -> assertThat(p.offset()).isEqualTo(3));

        LearnerHarness.produce(cluster, topics.advantages(), List.of(LearnerHarness.sample("e", 0, 1, 0)), 1);
        new LearnerRunner().runToCompletion(LearnerHarness.config(cluster, topics, initial, checkpoints, 1, 10, 3, 0, 1)
                .withGroupTimeout(Duration.ofSeconds(1)));

        assertThat(LearnerHarness.trainedGroups(checkpoints)).containsExactly("c", "d", "e");
        List<DeadLetter> letters = deadLetters(cluster, topics);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceOffset()).isZero();
            assertThat(letter.getErrorType().toString()).isEqualTo("INCOMPLETE_GROUP");
            assertThat(letter.getReason().toString()).contains("group y").contains("[1]");
        });
    }

    private static List<DeadLetter> deadLetters(KafkaCluster cluster, LearnerTopics topics) {
        return LearnerHarness.readAll(cluster, topics.deadLetters()).stream()
                .map(r -> RecordSerdes.deadLetter().decode(r)).toList();
    }

    private static void awaitDeadLetters(KafkaCluster cluster, LearnerTopics topics, int count) {
        await(count + " dead letters").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> LearnerHarness.readAll(cluster, topics.deadLetters()).size(), size -> size >= count);
    }
}
