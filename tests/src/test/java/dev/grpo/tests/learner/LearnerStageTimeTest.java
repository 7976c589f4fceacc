package dev.grpo.tests.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.learner.GrpoLearner;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.schemas.StageTime;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner's stage time: while no data arrives it is idle, waiting on the generators; training and checkpointing
 * are busy; both are counters {@code grpo.learner.busy} and {@code grpo.learner.idle}.
 */
@ExtendWith(KafkaClusterExtension.class)
class LearnerStageTimeTest {

    private static final long WAIT_MILLIS = 2_000;

    @Test
    void aLearnerWithoutDataIsIdleAndATrainingOneIsBusy(KafkaCluster cluster, @TempDir Path dir) throws Exception {
        LearnerTopics topics = LearnerHarness.createTopics(cluster, 1);
        LearnerConfig config = LearnerHarness.config(cluster, topics,
                LearnerHarness.initialCheckpoint(dir.resolve("initial")), dir.resolve("checkpoints"), 1, 1, 1, 0, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (GrpoLearner learner = new GrpoLearner(config, registry, step -> { })) {
            Future<?> run = thread.submit(learner::run);
            Thread.sleep(WAIT_MILLIS);
            StageTime starved = learner.stageTime();

            LearnerHarness.produce(cluster, topics.advantages(), List.of(LearnerHarness.sample("g0", 0, 2, 0),
                    LearnerHarness.sample("g0", 1, 2, 0)), 1);
            run.get(60, TimeUnit.SECONDS);
            StageTime trained = learner.stageTime();

            assertThat(starved.idleSeconds()).as("idle while no data came").isGreaterThan(WAIT_MILLIS / 2000.0);
            assertThat(starved.busySeconds()).as("busy while no data came").isLessThan(starved.idleSeconds() / 4);
            assertThat(trained.busySeconds()).as("busy once it trained a step")
                    .isGreaterThan(starved.busySeconds());
            assertThat(registry.get("grpo.learner.idle").functionCounter().count())
                    .isGreaterThanOrEqualTo(trained.idleSeconds());
            assertThat(registry.get("grpo.learner.busy").functionCounter().count())
                    .isGreaterThanOrEqualTo(trained.busySeconds());
        } finally {
            thread.shutdownNow();
        }
    }
}
