package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorMetrics;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.schemas.StageTime;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's stage time: sampling is busy; a generator that admission control holds back (η = 0 and no learner
 * step to make room) is idle, and both show as the counters {@code grpo.generator.busy} and {@code grpo.generator.idle}.
 */
@ExtendWith(KafkaClusterExtension.class)
class GeneratorStageTimeTest {

    private static final int GROUP_SIZE = 2;
    private static final int GROUPS_PER_STEP = 1;
    private static final long BLOCKED_MILLIS = 2_000;

    @TempDir
    Path checkpoints;

    @Test
    void aGeneratorHeldBackByAdmissionIsIdle(KafkaCluster kafka) throws Exception {
        TinyCheckpoints.write(checkpoints, 0);
        GeneratorSetup setup = new GeneratorSetup(kafka, checkpoints);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Generator generator = Generator.start(setup.config("gen", new PromptOrigin.SyntheticTask(1), GROUP_SIZE,
                GROUPS_PER_STEP, 0, 1), registry)) {
            setup.rollouts(GROUP_SIZE);
            StageTime sampled = generator.metrics().stageTime();
            Thread.sleep(BLOCKED_MILLIS);
            StageTime blocked = generator.metrics().stageTime();

            assertThat(sampled.busySeconds()).as("busy sampling the one group admitted").isPositive();
            assertThat(blocked.idleSeconds() - sampled.idleSeconds()).as("idle while admission held it back")
                    .isGreaterThan(0.9 * BLOCKED_MILLIS / 1000.0);
            assertThat(blocked.busySeconds() - sampled.busySeconds()).as("busy while admission held it back")
                    .isLessThan(0.1 * BLOCKED_MILLIS / 1000.0);
            assertThat(generator.metrics().pausedTotal().toMillis()).as("the pause admission control reports")
                    .isGreaterThan(BLOCKED_MILLIS / 2);
            assertThat(registry.get(GeneratorMetrics.IDLE).functionCounter().count())
                    .isGreaterThanOrEqualTo(blocked.idleSeconds());
            assertThat(registry.get(GeneratorMetrics.BUSY).functionCounter().count())
                    .isGreaterThanOrEqualTo(blocked.busySeconds());
        }
    }
}
