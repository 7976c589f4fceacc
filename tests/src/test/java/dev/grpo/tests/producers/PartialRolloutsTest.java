package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.SpecialToken;
import dev.grpo.producers.Generator;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.records.Rollout;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --partial-rollouts} a generator takes each announced version between two decode steps of the groups it
 * is sampling: rollouts then span versions, record each token's, report the oldest as their version, and every
 * token carries the log-prob its own version's weights give it, as read back from the rollouts topic.
 */
@ExtendWith(KafkaClusterExtension.class)
class PartialRolloutsTest {

    private static final int GROUP_SIZE = 4;
    private static final int VERSIONS = 4;
    private static final SamplingConfig LONG_COMPLETIONS = new SamplingConfig(1f, 1f, 30);

    @TempDir
    Path checkpoints;

    @Test
    void rolloutsSampledAcrossASwapCarryEachTokensVersionAndItsLogProb(KafkaCluster kafka) throws Exception {
        TinyCheckpoints.write(checkpoints, 0);
        GeneratorSetup setup = new GeneratorSetup(kafka, checkpoints);
        long groups;
        long partial;
        try (Generator generator = Generator.start(setup.builder("partial", new PromptOrigin.SyntheticTask(5),
                GROUP_SIZE, 1, 1000, 2).sampling(LONG_COMPLETIONS).partialRollouts(true).build(),
                new SimpleMeterRegistry())) {
            HotSwapTest.await(() -> generator.metrics().groups() >= 2, "two groups with version 0");
            for (long version = 1; version < VERSIONS; version++) {
                String sha = TinyCheckpoints.write(checkpoints, version);
                setup.publishVersion(version, TinyCheckpoints.directory(checkpoints, version), sha);
                long swapped = version;
                HotSwapTest.await(() -> generator.version() == swapped, "the swap to version " + version);
                long before = generator.metrics().groups();
                HotSwapTest.await(() -> generator.metrics().groups() >= before + 2, "two more groups");
            }
            generator.close();
            groups = generator.metrics().groups();
            partial = generator.metrics().partialRollouts();
        }
        List<Rollout> rollouts = setup.rollouts((int) groups * GROUP_SIZE);

        List<Rollout> spanning = rollouts.stream().filter(r -> r.getTokenPolicyVersions() != null).toList();
        assertThat(spanning).as("rollouts a swap landed in").isNotEmpty().hasSize((int) partial);
        assertThat(rollouts).extracting(Rollout::getPolicyVersion).contains(0L, (long) VERSIONS - 1);
        Map<Long, PolicyModel> weights = new HashMap<>();
        try {
            for (long version = 0; version < VERSIONS; version++) {
                weights.put(version, Checkpoint.read(TinyCheckpoints.directory(checkpoints, version)).load(Device.cpu()));
            }
            for (Rollout rollout : rollouts) {
                assertEveryTokenHasItsVersionsLogProb(rollout, weights);
            }
        } finally {
            weights.values().forEach(PolicyModel::close);
        }
    }

    private static void assertEveryTokenHasItsVersionsLogProb(Rollout rollout, Map<Long, PolicyModel> weights) {
        List<Long> versions = rollout.getTokenPolicyVersions() != null ? rollout.getTokenPolicyVersions()
                : rollout.getCompletionTokenIds().stream().map(token -> rollout.getPolicyVersion()).toList();
        assertThat(versions).isSorted().hasSameSizeAs(rollout.getCompletionTokenIds());
        assertThat(versions.get(0)).isEqualTo(rollout.getPolicyVersion());
        if (rollout.getTokenPolicyVersions() != null) {
            assertThat(versions.get(versions.size() - 1)).isGreaterThan(versions.get(0));
        }
        ScoringRequest request = new ScoringRequest(ints(rollout.getPromptTokenIds()),
                ints(rollout.getCompletionTokenIds()));
        int pad = new CharTokenizer().id(SpecialToken.PAD);
        Map<Long, float[]> scored = new HashMap<>();
        for (int t = 0; t < versions.size(); t++) {
            float[] underVersion = scored.computeIfAbsent(versions.get(t), version -> new CompletionScorer(
                    weights.get(version), pad).logProbArrays(List.of(request), LONG_COMPLETIONS.temperature())[0]);
            assertThat(rollout.getBehaviourLogprobs().get(t))
                    .as("%s token %d of version %d", rollout.getRolloutId(), t, versions.get(t))
                    .isCloseTo(underVersion[t], within(1e-4f));
        }
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
