package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.grpo.policy.internal.model.CausalTransformer;
import dev.grpo.policy.internal.model.DecoderInput;
import dev.grpo.policy.internal.model.PaddedBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes, in one forward pass, the log-prob of every completion token given its prompt and the completion
 * tokens before it: {@code log softmax(logits / T)} at temperature T (T = 1 when given 0, matching greedy
 * sampling). Prompts are left-padded and completions right-padded (see {@link PaddedBatch}), the same layout the
 * {@link dev.grpo.policy.Sampler} uses, so the two agree to float32 rounding.
 */
public final class CompletionScorer {

    private final PolicyModel model;
    private final int padId;

    /**
     * @param model the policy
     * @param padId the id written into padding
     */
    public CompletionScorer(PolicyModel model, int padId) {
        TokenIdOutOfRangeException.requireInVocabulary("pad id", new int[] {padId}, model.config().vocabularySize());
        this.model = model;
        this.padId = padId;
    }

    /**
     * Differentiable log-probs: call inside a {@code GradientCollector} to train on them. Every array, intermediate
     * ones included, is created in {@code manager}; close it after the backward pass.
     *
     * @param manager a manager on the model's device, typically a sub-manager of {@link PolicyModel#manager()}
     * @param items prompts and completions, at least one
     * @param temperature the sampling temperature the completions were drawn at (0 = greedy)
     * @return log-probs and mask, {@code [B, longest completion]}
     * @throws SequenceTooLongException when a prompt plus its completion exceed the max length
     * @throws TokenIdOutOfRangeException when an id lies outside the vocabulary
     */
    public CompletionLogProbs logProbs(NDManager manager, List<ScoringRequest> items, float temperature) {
        return logProbs(manager, items, temperature, false);
    }

    /**
     * As {@link #logProbs(NDManager, List, float)}, and with {@code withEntropy} also the differentiable entropy
     * {@code −Σ_v p_v log p_v} of the tempered next-token distribution at each completion position, for an entropy
     * bonus; it costs one more pass over the {@code [B, C, vocabulary]} log-probs.
     *
     * @param manager a manager on the model's device
     * @param items prompts and completions, at least one
     * @param temperature the sampling temperature (0 = greedy)
     * @param withEntropy whether to compute the entropy
     * @return log-probs, mask and (when asked) entropy, {@code [B, longest completion]}
     */
    public CompletionLogProbs logProbs(NDManager manager, List<ScoringRequest> items, float temperature,
                                       boolean withEntropy) {
        validate(items);
        List<int[]> prompts = new ArrayList<>();
        List<int[]> completions = new ArrayList<>();
        for (ScoringRequest item : items) {
            prompts.add(item.promptIds());
            completions.add(item.completionIds());
        }
        PaddedBatch batch = PaddedBatch.ofPromptsAndContinuations(prompts, completions, padId);
        int promptWidth = batch.promptWidth();
        int completionWidth = batch.width() - promptWidth;
        CausalTransformer network = model.block();
        ParameterStore store = model.parameterStore();
        DecoderInput input = batch.input(manager, 0, batch.width() - 1, model.config());
        NDArray predicting = network.hiddenStates(store, input, null, true)
                .get(new NDIndex(":, {}:, :", promptWidth - 1));
        NDArray logits = network.logits(store, predicting, true);
        NDArray logProbs = logits.div(Scalar.like(logits, SamplingConfig.logProbTemperature(temperature)))
                .logSoftmax(-1);
        NDArray mask = completionMask(manager, completions, completionWidth);
        NDArray targets = completionTargets(manager, completions, completionWidth);
        NDArray picked = logProbs.gather(targets, 2).squeeze(2);
        NDArray entropy = withEntropy ? logProbs.exp().mul(logProbs).sum(new int[] {2}).neg().mul(mask) : null;
        return new CompletionLogProbs(picked.mul(mask), mask, entropy);
    }

    /**
     * Log-probs as plain arrays, without recording gradients; frees everything it allocates.
     *
     * @param items prompts and completions, at least one
     * @param temperature the sampling temperature (0 = greedy)
     * @return per item, one log-prob per completion token
     */
    public float[][] logProbArrays(List<ScoringRequest> items, float temperature) {
        try (NoGradient noGradient = NoGradient.scope(); NDManager call = model.manager().newSubManager()) {
            return logProbs(call, items, temperature).toArrays();
        }
    }

    /**
     * Checks that every item can be scored, before any work is spent on them.
     *
     * @param items prompts and completions
     * @throws IllegalArgumentException when there is no item, or an item's prompt or completion is empty
     * @throws SequenceTooLongException when a prompt plus its completion exceed the max length, naming its index
     * @throws TokenIdOutOfRangeException when an id lies outside the vocabulary
     */
    public void validate(List<ScoringRequest> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to score");
        }
        int vocabulary = model.config().vocabularySize();
        int maxLength = model.config().maxLength();
        for (int i = 0; i < items.size(); i++) {
            ScoringRequest item = items.get(i);
            if (item.promptIds().length == 0 || item.completionIds().length == 0) {
                throw new IllegalArgumentException("item " + i + " has an empty prompt or completion");
            }
            int length = item.promptIds().length + item.completionIds().length;
            if (length > maxLength) {
                throw new SequenceTooLongException("prompt plus completion " + i, length, maxLength);
            }
            TokenIdOutOfRangeException.requireInVocabulary("prompt " + i, item.promptIds(), vocabulary);
            TokenIdOutOfRangeException.requireInVocabulary("completion " + i, item.completionIds(), vocabulary);
        }
    }

    private static NDArray completionMask(NDManager manager, List<int[]> completions, int width) {
        float[] mask = new float[completions.size() * width];
        for (int b = 0; b < completions.size(); b++) {
            Arrays.fill(mask, b * width, b * width + completions.get(b).length, 1f);
        }
        return manager.create(mask, new Shape(completions.size(), width));
    }

    private static NDArray completionTargets(NDManager manager, List<int[]> completions, int width) {
        long[] targets = new long[completions.size() * width];
        for (int b = 0; b < completions.size(); b++) {
            int[] completion = completions.get(b);
            for (int i = 0; i < completion.length; i++) {
                targets[b * width + i] = completion[i];
            }
        }
        return manager.create(targets, new Shape(completions.size(), width, 1));
    }
}
