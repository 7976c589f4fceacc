package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.Generator;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.producers.GeneratorMetrics;
import dev.grpo.records.Rollout;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two generator processes (in one JVM, sharing nothing but Kafka) and a stand-in learner: admission control keeps
 * every trained group within η versions of the learner, with η = 0 making generation and learning alternate.
 */
@ExtendWith(KafkaClusterExtension.class)
class AdmissionControlTest {

    private static final int GROUP_SIZE = 2;
    private static final int GROUPS_PER_STEP = 2;
    private static final long LAST_VERSION = 4;

    @TempDir
    Path checkpoints;

    private Map<Long, String> writeCheckpoints() {
        Map<Long, String> shas = new HashMap<>();
        for (long version = 0; version <= LAST_VERSION; version++) {
            shas.put(version, TinyCheckpoints.write(checkpoints, version));
        }
        return shas;
    }

    /** Runs two generators against a learner that waits for {@code waitFor} pending groups before each step. */
    private Run run(KafkaCluster kafka, int maxStaleness, int waitFor) throws Exception {
        Map<Long, String> shas = writeCheckpoints();
        GeneratorSetup setup = new GeneratorSetup(kafka, checkpoints);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<StandInLearner.Trained> trained;
        long published;
        try (Generator first = Generator.start(setup.config("gen-a", new PromptOrigin.SyntheticTask(1), GROUP_SIZE,
                        GROUPS_PER_STEP, maxStaleness, 2), registry);
                Generator second = Generator.start(setup.config("gen-b", new PromptOrigin.SyntheticTask(2), GROUP_SIZE,
                        GROUPS_PER_STEP, maxStaleness, 2), registry);
                StandInLearner learner = new StandInLearner(setup, GROUP_SIZE, GROUPS_PER_STEP, waitFor, LAST_VERSION,
                        shas)) {
            learner.awaitLastVersion(Duration.ofSeconds(90));
            trained = learner.trained();
            first.close();
            second.close();
            published = first.metrics().groups() + second.metrics().groups();
        }
        double granted = registry.find(GeneratorMetrics.ADMISSION_CLAIMS).tag("verdict", "granted").counters()
                .stream().mapToDouble(Counter::count).sum();
        return new Run(trained, setup.rollouts((int) published * GROUP_SIZE), published, (long) granted);
    }

    /** What the learner trained, every rollout published, and the groups published and claims granted. */
    private record Run(List<StandInLearner.Trained> trained, List<Rollout> rollouts, long published,
                       long grantedClaims) {

        /** Groups produced per policy version, over everything both generators published. */
        Map<Long, Long> groupsPerVersion() {
            return rollouts.stream().filter(r -> r.getIndex() == 0).collect(Collectors.groupingBy(
                    Rollout::getPolicyVersion, TreeMap::new, Collectors.counting()));
        }
    }

    @Test
    void withZeroStalenessGenerationAndLearningStrictlyAlternate(KafkaCluster kafka) throws Exception {
        Run run = run(kafka, 0, GROUPS_PER_STEP);

        assertThat(run.trained()).hasSize((int) (LAST_VERSION * GROUPS_PER_STEP));
        assertThat(run.trained()).allSatisfy(group -> assertThat(group.staleness()).isZero());
        Map<Long, Long> perVersion = run.groupsPerVersion();
        for (long version = 0; version < LAST_VERSION; version++) {
            assertThat(perVersion.get(version)).as("groups sampled with version %d", version)
                    .isEqualTo(GROUPS_PER_STEP);
        }
        assertThat(perVersion.getOrDefault(LAST_VERSION, 0L)).isLessThanOrEqualTo(GROUPS_PER_STEP);
        assertThat(run.rollouts().stream().map(Rollout::getGeneratorId).distinct()).hasSize(2);
        assertThat(run.grantedClaims()).as("every published group was admitted by a granted claim")
                .isGreaterThanOrEqualTo(run.published()).isPositive();
    }

    @Test
    void withLargerStalenessGeneratorsRunAheadByAtMostEta(KafkaCluster kafka) throws Exception {
        int eta = 1;
        Run run = run(kafka, eta, (eta + 1) * GROUPS_PER_STEP);

        assertThat(run.trained()).allSatisfy(group -> assertThat(group.staleness()).isBetween(0L, (long) eta));
        assertThat(run.trained()).anySatisfy(group -> assertThat(group.staleness()).isEqualTo(eta));
        Map<Long, Long> perVersion = run.groupsPerVersion();
        long upToVersion = 0;
        for (long version = 0; version <= LAST_VERSION; version++) {
            upToVersion += perVersion.getOrDefault(version, 0L);
            assertThat(upToVersion).as("groups sampled with versions <= %d", version)
                    .isLessThanOrEqualTo((version + eta + 1) * GROUPS_PER_STEP);
        }
    }
}
