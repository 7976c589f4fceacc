package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import dev.grpo.policy.internal.engine.Autograd;
import dev.grpo.policy.internal.model.DecoderInput;
import dev.grpo.policy.internal.model.PaddedBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CompletionTokenLossTest {

    private static final ScoringRequest SHORT_PROMPT = new ScoringRequest(TestModels.prompt(2, 1), TestModels.prompt(5, 2));
    private static final ScoringRequest LONG_PROMPT = new ScoringRequest(TestModels.prompt(9, 3), TestModels.prompt(3, 4));
    private static final ScoringRequest LONG_COMPLETION =
            new ScoringRequest(TestModels.prompt(4, 5), TestModels.prompt(12, 6));
    private static final List<ScoringRequest> BATCH = List.of(SHORT_PROMPT, LONG_PROMPT, LONG_COMPLETION);

    @Test
    void isTheMeanCrossEntropyOfTheCompletionTokensComputedSequenceBySequence() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 3)) {
            float loss = new CompletionTokenLoss(model, TestModels.PAD).evaluate(BATCH);

            assertThat(loss).isCloseTo((float) reference(model, BATCH, false), within(1e-4f));
        }
    }

    @Test
    void promptTokensCarryNoLoss() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 3)) {
            float loss = new CompletionTokenLoss(model, TestModels.PAD).evaluate(BATCH);
            double withPromptTokens = reference(model, BATCH, true);

            assertThat(Math.abs(loss - withPromptTokens)).as("difference to the loss over every position")
                    .isGreaterThan(1e-3);
        }
    }

    @Test
    void backwardReturnsTheSameLossAndLeavesAGradientOnEveryParameter() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 3)) {
            CompletionTokenLoss loss = new CompletionTokenLoss(model, TestModels.PAD);
            float evaluated = loss.evaluate(BATCH);

            float trained = loss.backward(BATCH);

            assertThat(trained).isCloseTo(evaluated, within(1e-4f));
            for (Parameter parameter : model.parameters().values()) {
                try (NDArray gradient = parameter.getArray().getGradient(); NDArray norm = gradient.norm()) {
                    assertThat(norm.getFloat()).as(parameter.getName()).isFinite();
                }
                Autograd.zeroGradient(parameter.getArray());
            }
        }
    }

    @Test
    void validateNamesTheExampleThatDoesNotFit() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 3)) {
            int maxLength = model.config().maxLength();
            ScoringRequest tooLong = new ScoringRequest(TestModels.prompt(maxLength, 1), TestModels.prompt(1, 2));

            assertThatThrownBy(() -> new CompletionTokenLoss(model, TestModels.PAD).validate(List.of(SHORT_PROMPT, tooLong)))
                    .isInstanceOf(SequenceTooLongException.class).hasMessageContaining("completion 1");
            assertThatThrownBy(() -> new CompletionTokenLoss(model, TestModels.PAD).evaluate(List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * The loss computed without padding or masks: each sequence run alone through the model, the log-softmax read at
     * every position that predicts a completion token (or, with {@code promptToo}, every position).
     */
    private static double reference(PolicyModel model, List<ScoringRequest> batch, boolean promptToo) {
        double sum = 0;
        long count = 0;
        try (NoGradient noGradient = NoGradient.scope(); NDManager manager = model.manager().newSubManager()) {
            for (ScoringRequest request : batch) {
                int[] sequence = IntStream.concat(IntStream.of(request.promptIds()), IntStream.of(request.completionIds()))
                        .toArray();
                PaddedBatch single = PaddedBatch.ofPrompts(List.of(sequence), TestModels.PAD);
                DecoderInput input = single.input(manager, 0, sequence.length, model.config());
                NDArray logits = model.block().logits(model.parameterStore(),
                        model.block().hiddenStates(model.parameterStore(), input, null, false), false);
                float[] logProbs = logits.logSoftmax(-1).get(new NDIndex("0")).toFloatArray();
                int vocabulary = model.config().vocabularySize();
                int first = promptToo ? 1 : request.promptIds().length;
                for (int t = first; t < sequence.length; t++) {
                    sum -= logProbs[(t - 1) * vocabulary + sequence[t]];
                    count++;
                }
            }
        }
        return sum / count;
    }
}
