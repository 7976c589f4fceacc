package dev.grpo.learner.internal.batch;

import dev.grpo.learner.Samples;
import dev.grpo.records.AdvantageSample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of bad sample is named with the offending value; a good one passes. */
class SampleValidatorTest {

    private final SampleValidator validator = new SampleValidator(16, 8);

    private static AdvantageSample good() {
        return Samples.sample("g", 0, 2, new int[] {1, 2}, new int[] {3, 4}, new float[] {-1f, -2f}, 0.5, 0);
    }

    private SampleProblem problemOf(AdvantageSample sample) {
        return validator.check(sample).map(SampleRejection::problem).orElse(null);
    }

    @Test
    void aWellFormedSamplePasses() {
        assertThat(validator.check(good())).isEmpty();
    }

    @Test
    void eachProblemIsNamed() {
        AdvantageSample nan = AdvantageSample.newBuilder(good()).setAdvantage(Double.NaN).build();
        AdvantageSample infinite = AdvantageSample.newBuilder(good()).setAdvantage(Double.POSITIVE_INFINITY).build();
        AdvantageSample badLogProb = AdvantageSample.newBuilder(good()).setBehaviourLogprobs(List.of(-1f, Float.NaN))
                .build();
        AdvantageSample mismatch = AdvantageSample.newBuilder(good()).setBehaviourLogprobs(List.of(-1f)).build();
        AdvantageSample empty = AdvantageSample.newBuilder(good()).setCompletionTokenIds(List.of())
                .setBehaviourLogprobs(List.of()).build();
        AdvantageSample noPrompt = AdvantageSample.newBuilder(good()).setPromptTokenIds(List.of()).build();
        AdvantageSample outside = AdvantageSample.newBuilder(good()).setCompletionTokenIds(List.of(3, 16)).build();
        AdvantageSample tooLong = AdvantageSample.newBuilder(good()).setPromptTokenIds(List.of(1, 1, 1, 1, 1, 1, 1))
                .build();
        AdvantageSample badIndex = AdvantageSample.newBuilder(good()).setIndex(2).build();
        AdvantageSample badTemperature = AdvantageSample.newBuilder(good()).setTemperature(-1f).build();

        assertThat(problemOf(nan)).isEqualTo(SampleProblem.NON_FINITE_ADVANTAGE);
        assertThat(problemOf(infinite)).isEqualTo(SampleProblem.NON_FINITE_ADVANTAGE);
        assertThat(problemOf(badLogProb)).isEqualTo(SampleProblem.NON_FINITE_LOG_PROB);
        assertThat(problemOf(mismatch)).isEqualTo(SampleProblem.LENGTH_MISMATCH);
        assertThat(problemOf(empty)).isEqualTo(SampleProblem.EMPTY_COMPLETION);
        assertThat(problemOf(noPrompt)).isEqualTo(SampleProblem.EMPTY_PROMPT);
        assertThat(problemOf(outside)).isEqualTo(SampleProblem.TOKEN_OUT_OF_RANGE);
        assertThat(problemOf(tooLong)).isEqualTo(SampleProblem.TOO_LONG);
        assertThat(problemOf(badIndex)).isEqualTo(SampleProblem.BAD_GROUP_POSITION);
        assertThat(problemOf(badTemperature)).isEqualTo(SampleProblem.BAD_TEMPERATURE);
        assertThat(validator.check(mismatch).orElseThrow().reason())
                .isEqualTo("2 completion tokens but 1 behaviour log-probs");
        assertThat(validator.check(outside).orElseThrow().reason())
                .isEqualTo("completion_token_ids[1] = 16 lies outside the vocabulary [0, 16)");
    }

    @Test
    void aPartialRolloutNeedsOneNonDecreasingVersionPerTokenStartingAtItsOldest() {
        AdvantageSample partial = AdvantageSample.newBuilder(good()).setPolicyVersion(3)
                .setTokenPolicyVersions(List.of(3L, 4L)).build();
        AdvantageSample short_ = AdvantageSample.newBuilder(partial).setTokenPolicyVersions(List.of(3L)).build();
        AdvantageSample notOldest = AdvantageSample.newBuilder(partial).setTokenPolicyVersions(List.of(4L, 4L)).build();
        AdvantageSample decreasing = AdvantageSample.newBuilder(partial).setPolicyVersion(4)
                .setTokenPolicyVersions(List.of(4L, 3L)).build();

        assertThat(validator.check(partial)).isEmpty();
        assertThat(validator.check(short_).orElseThrow().reason()).isEqualTo("1 token versions for 2 completion tokens");
        assertThat(validator.check(notOldest).orElseThrow().reason())
                .isEqualTo("the first token's version is 4 but policy_version (the oldest) is 3");
        assertThat(validator.check(decreasing).orElseThrow().reason())
                .isEqualTo("token 1's version 3 is older than token 0's 4");
        assertThat(List.of(short_, notOldest, decreasing)).extracting(this::problemOf)
                .containsOnly(SampleProblem.BAD_TOKEN_VERSIONS);
    }
}
