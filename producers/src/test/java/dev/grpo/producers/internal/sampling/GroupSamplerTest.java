package dev.grpo.producers.internal.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.grpo.policy.SamplingConfig;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.policy.SpecialToken;
import dev.grpo.producers.internal.admission.Admission;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.producers.internal.weights.LoadedPolicy;
import dev.grpo.records.FinishReason;
import dev.grpo.records.Prompt;
import dev.grpo.records.Rollout;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.PolicyModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupSamplerTest {

    private static final SamplingConfig SETTINGS = new SamplingConfig(1f, 1f, 6);

    private final CharTokenizer tokenizer = new CharTokenizer();
    private final LoadedPolicy policy = new LoadedPolicy(TinyPolicies.model(11), 3);

    @AfterEach
    void close() {
        policy.close();
    }

    private SampledGroup sample(int groupSize) {
        return sample(PromptEncoderTest.prompt("12+34="), groupSize);
    }

    private SampledGroup sample(Prompt source, int groupSize) {
        TemplatedPrompt prompt = new PromptEncoder(tokenizer, PromptTemplate.PLAIN, 40).encode(source);
        return new GroupSampler(policy, tokenizer, SETTINGS, groupSize, 5, false)
                .sample(prompt, new Admission(9, 3, "gen", Instant.MAX));
    }

    @Test
    void samplesOneRolloutPerMemberOfTheGroup() {
        SampledGroup group = sample(4);

        assertThat(group.groupId()).isEqualTo("g9-gen");
        assertThat(group.rollouts()).extracting(Rollout::getIndex).containsExactly(0, 1, 2, 3);
        assertThat(group.rollouts()).allSatisfy(rollout -> {
            assertThat(rollout.getGroupId()).isEqualTo("g9-gen");
            assertThat(rollout.getRolloutId()).isEqualTo("g9-gen/" + rollout.getIndex());
            assertThat(rollout.getGroupSize()).isEqualTo(4);
            assertThat(rollout.getPolicyVersion()).isEqualTo(3);
            assertThat(rollout.getGeneratorId()).isEqualTo("gen");
            assertThat(rollout.getPrompt()).isEqualTo("12+34=");
            assertThat(rollout.getPromptTokenIds()).hasSize(6);
            assertThat(rollout.getBehaviourLogprobs()).hasSameSizeAs(rollout.getCompletionTokenIds());
            assertThat(rollout.getCompletionTokenIds()).isNotEmpty().hasSizeLessThanOrEqualTo(6);
            assertThat(rollout.getSampling().getMaxNewTokens()).isEqualTo(6);
        });
        assertThat(group.completionTokens())
                .isEqualTo(group.rollouts().stream().mapToLong(r -> r.getCompletionTokenIds().size()).sum());
    }

    @Test
    void everyMemberCarriesThePromptsVerificationSpecUnchanged() {
        String spec = "{\"kind\":\"assert\",\"language\":\"python\",\"code\":\"assert f() == 1\"}";
        Prompt code = Prompt.newBuilder(PromptEncoderTest.prompt("def f():")).setVerification(spec).build();

        assertThat(sample(code, 3).rollouts()).extracting(Rollout::getVerification).containsExactly(spec, spec, spec);
        assertThat(sample(2).rollouts()).extracting(Rollout::getVerification).containsOnlyNulls();
    }

    @Test
    void membersAreDrawnWithDifferentSeeds() {
        SampledGroup group = sample(4);

        assertThat(group.rollouts()).extracting(r -> r.getSampling().getSeed()).doesNotHaveDuplicates();
    }

    @Test
    void theCompletionTextLeavesOutTheEndOfSequenceToken() {
        for (Rollout rollout : sample(8).rollouts()) {
            int[] ids = rollout.getCompletionTokenIds().stream().mapToInt(Integer::intValue).toArray();
            if (rollout.getFinishReason() == FinishReason.STOP) {
                assertThat(ids[ids.length - 1]).isEqualTo(tokenizer.id(SpecialToken.EOS));
                assertThat(rollout.getCompletionText()).isEqualTo(tokenizer.decode(
                        java.util.Arrays.copyOf(ids, ids.length - 1)));
            } else {
                assertThat(rollout.getCompletionText()).isEqualTo(tokenizer.decode(ids));
            }
        }
    }

    @Test
    void behaviourLogProbsAreThoseOfTheWeightsThatSampled() {
        SampledGroup group = sample(3);

        List<ScoringRequest> requests = group.rollouts().stream().map(r -> new ScoringRequest(
                r.getPromptTokenIds().stream().mapToInt(Integer::intValue).toArray(),
                r.getCompletionTokenIds().stream().mapToInt(Integer::intValue).toArray())).toList();
        float[][] scored = policy.withWeights((model, version) ->
                new CompletionScorer(model, tokenizer.id(SpecialToken.PAD)).logProbArrays(requests, 1f));
        for (int i = 0; i < scored.length; i++) {
            List<Float> behaviour = group.rollouts().get(i).getBehaviourLogprobs();
            for (int t = 0; t < scored[i].length; t++) {
                assertThat(behaviour.get(t)).isCloseTo(scored[i][t], within(1e-4f));
            }
        }
    }

    /**
     * Swaps versions while groups are being sampled, alternating the weights of two checkpoints (even versions one,
     * odd the other): with partial rollouts a swap lands between two decode steps and splits members, each token then
     * carrying its version and that version's log-prob; without them no member is ever split.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSwapDuringSamplingSplitsMembersOnlyWithPartialRollouts(boolean partialRollouts, @TempDir Path directory)
            throws Exception {
        Checkpoint even = checkpoint(11, directory.resolve("even"));
        Checkpoint odd = checkpoint(12, directory.resolve("odd"));
        try (LoadedPolicy swapped = new LoadedPolicy(TinyPolicies.model(11), 2);
             PolicyModel evenWeights = TinyPolicies.model(11);
             PolicyModel oddWeights = TinyPolicies.model(12)) {
            GroupSampler sampler = new GroupSampler(swapped, tokenizer, new SamplingConfig(1f, 1f, 30), 4, 5,
                    partialRollouts);
            TemplatedPrompt prompt = new PromptEncoder(tokenizer, PromptTemplate.PLAIN, 40)
                    .encode(PromptEncoderTest.prompt("12+34="));
            List<Rollout> rollouts = new ArrayList<>();
            int split = 0;
            for (int attempt = 0; attempt < 40 && split < 3; attempt++) {
                int slot = attempt;
                CompletableFuture<SampledGroup> group = CompletableFuture.supplyAsync(() ->
                        sampler.sample(prompt, new Admission(slot, 3, "gen", Instant.MAX)));
                TimeUnit.MICROSECONDS.sleep(500 + 300L * (attempt % 10));
                long next = swapped.version() + 1;
                swapped.swapTo(next % 2 == 0 ? even : odd, next);
                SampledGroup sampled = group.get(30, TimeUnit.SECONDS);
                assertThat(sampled.version()).isEqualTo(sampled.rollouts().stream()
                        .mapToLong(Rollout::getPolicyVersion).min().orElseThrow());
                rollouts.addAll(sampled.rollouts());
                split += (int) sampled.rollouts().stream().filter(r -> r.getTokenPolicyVersions() != null).count();
            }

            for (Rollout rollout : rollouts) {
                List<Long> versions = tokenVersions(rollout);
                assertThat(versions).isSorted().hasSameSizeAs(rollout.getCompletionTokenIds());
                assertThat(versions.get(0)).isEqualTo(rollout.getPolicyVersion());
                float[] underEven = score(evenWeights, rollout);
                float[] underOdd = score(oddWeights, rollout);
                for (int t = 0; t < versions.size(); t++) {
                    float expected = versions.get(t) % 2 == 0 ? underEven[t] : underOdd[t];
                    assertThat(rollout.getBehaviourLogprobs().get(t))
                            .as("%s token %d of version %d", rollout.getRolloutId(), t, versions.get(t))
                            .isCloseTo(expected, within(1e-4f));
                }
            }
            if (partialRollouts) {
                assertThat(split).as("members split by a swap").isGreaterThanOrEqualTo(3);
            } else {
                assertThat(split).isZero();
            }
        }
    }

    private static Checkpoint checkpoint(long seed, Path directory) {
        try (PolicyModel model = TinyPolicies.model(seed)) {
            Checkpoint.write(model, directory, Map.of());
        }
        return Checkpoint.read(directory);
    }

    private static List<Long> tokenVersions(Rollout rollout) {
        if (rollout.getTokenPolicyVersions() != null) {
            return rollout.getTokenPolicyVersions();
        }
        return rollout.getCompletionTokenIds().stream().map(token -> rollout.getPolicyVersion()).toList();
    }

    private float[] score(PolicyModel model, Rollout rollout) {
        ScoringRequest request = new ScoringRequest(
                rollout.getPromptTokenIds().stream().mapToInt(Integer::intValue).toArray(),
                rollout.getCompletionTokenIds().stream().mapToInt(Integer::intValue).toArray());
        return new CompletionScorer(model, tokenizer.id(SpecialToken.PAD)).logProbArrays(List.of(request), 1f)[0];
    }
}
