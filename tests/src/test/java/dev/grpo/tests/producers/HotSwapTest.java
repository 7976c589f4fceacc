package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.policy.SpecialToken;
import dev.grpo.producers.Generator;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.records.Rollout;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator swaps in each announced version between groups: later groups carry the new version and their
 * behaviour log-probs are those of the new weights. A version whose checkpoint is missing or does not match its
 * announced sha256 leaves the old weights in place and is retried.
 */
@ExtendWith(KafkaClusterExtension.class)
class HotSwapTest {

    private static final int GROUP_SIZE = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path checkpoints;

    @Test
    void laterGroupsCarryTheNewVersionAndItsLogProbs(KafkaCluster kafka) throws Exception {
        TinyCheckpoints.write(checkpoints, 0);
        String sha1 = TinyCheckpoints.write(checkpoints, 1);
        GeneratorSetup setup = new GeneratorSetup(kafka, checkpoints);
        List<Rollout> rollouts;
        try (Generator generator = Generator.start(setup.config("swapper", new PromptOrigin.SyntheticTask(3),
                GROUP_SIZE, 1, 1000, 1), new SimpleMeterRegistry())) {
            await(() -> generator.metrics().groups() >= 2, "two groups with version 0");
            setup.publishVersion(1, TinyCheckpoints.directory(checkpoints, 1), sha1);
            await(() -> generator.version() == 1, "the swap to version 1");
            long before = generator.metrics().groups();
            await(() -> generator.metrics().groups() >= before + 3, "three more groups");
            generator.close();
            rollouts = setup.rollouts((int) generator.metrics().groups() * GROUP_SIZE);
        }

        List<Rollout> inSlotOrder = rollouts.stream()
                .sorted(Comparator.comparingLong((Rollout r) -> GeneratorSetup.slot(r.getGroupId()))
                        .thenComparingInt(Rollout::getIndex)).toList();
        assertThat(inSlotOrder).extracting(Rollout::getPolicyVersion).isSorted().contains(0L, 1L);
        List<Rollout> fresh = inSlotOrder.stream().filter(r -> r.getPolicyVersion() == 1).toList();
        assertThat(fresh.size()).isGreaterThanOrEqualTo(2 * GROUP_SIZE);
        assertThat(maxDifference(fresh, 1)).isLessThan(1e-4f);
        assertThat(maxDifference(fresh, 0)).isGreaterThan(1e-3f);
    }

    @Test
    void aVersionThatFailsItsChecksIsRetriedWhileTheOldWeightsStay(KafkaCluster kafka) throws Exception {
        TinyCheckpoints.write(checkpoints, 0);
        GeneratorSetup setup = new GeneratorSetup(kafka, checkpoints);
        try (Generator generator = Generator.start(setup.config("careful", new PromptOrigin.SyntheticTask(4),
                GROUP_SIZE, 1, 1000, 1), new SimpleMeterRegistry())) {
            String sha1 = TinyCheckpoints.write(checkpoints.resolve("elsewhere"), 1);
            setup.publishVersion(1, TinyCheckpoints.directory(checkpoints, 1), sha1);
            await(() -> generator.failedSwaps() >= 2, "two failed attempts at the missing checkpoint");
            assertThat(generator.version()).isZero();

            TinyCheckpoints.write(checkpoints, 1);
            await(() -> generator.version() == 1, "the retry once the checkpoint exists");

            String sha2 = TinyCheckpoints.write(checkpoints, 2);
            long failuresBefore = generator.failedSwaps();
            setup.publishVersion(2, TinyCheckpoints.directory(checkpoints, 2), sha2.replace(sha2.charAt(0),
                    sha2.charAt(0) == 'a' ? 'b' : 'a'));
            await(() -> generator.failedSwaps() > failuresBefore, "the sha256 mismatch to be noticed");
            assertThat(generator.version()).isEqualTo(1);
            assertThat(generator.metrics().groups()).isPositive();
        }
    }

    /** The largest difference between the rollouts' behaviour log-probs and those of a version's weights. */
    private float maxDifference(List<Rollout> rollouts, long version) {
        CharTokenizer tokenizer = new CharTokenizer();
        List<ScoringRequest> requests = rollouts.stream().map(r -> new ScoringRequest(ints(r.getPromptTokenIds()),
                ints(r.getCompletionTokenIds()))).toList();
        try (PolicyModel model = Checkpoint.read(TinyCheckpoints.directory(checkpoints, version)).load(Device.cpu())) {
            float[][] scored = new CompletionScorer(model, tokenizer.id(SpecialToken.PAD))
                    .logProbArrays(requests, GeneratorSetup.SAMPLING.temperature());
            float worst = 0;
            for (int i = 0; i < scored.length; i++) {
                for (int t = 0; t < scored[i].length; t++) {
                    worst = Math.max(worst, Math.abs(scored[i][t] - rollouts.get(i).getBehaviourLogprobs().get(t)));
                }
            }
            return worst;
        }
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    static void await(Callable<Boolean> condition, String what) {
        Awaitility.await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(condition);
    }
}
