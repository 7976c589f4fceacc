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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
        return new GroupSampler(policy, tokenizer, SETTINGS, groupSize, 5)
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
}
