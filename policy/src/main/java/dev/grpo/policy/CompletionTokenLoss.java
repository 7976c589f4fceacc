package dev.grpo.policy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The supervised objective of pretraining and of fine-tuning: next-token cross-entropy of each completion given its
 * prompt, averaged over the batch's completion tokens. Prompt tokens and padding carry no loss: the prompt is what a
 * policy is given, not what it is asked to write. Built on {@link CompletionScorer}, the code path the RL learner
 * trains through.
 */
final class CompletionTokenLoss {

    /** A length group holds sequences up to this many times as long as its shortest one. */
    private static final double GROUP_LENGTH_RATIO = 1.5;

    private final PolicyModel model;
    private final CompletionScorer scorer;
    private final Engine engine = Engine.getEngine(ComputeDevice.ENGINE);

    /**
     * @param model the model whose loss this is
     * @param padId the id written into padding
     */
    public CompletionTokenLoss(PolicyModel model, int padId) {
        this.model = model;
        this.scorer = new CompletionScorer(model, padId);
    }

    /**
     * Adds the gradient of the batch's mean completion-token loss to the parameters' gradients (an optimiser step
     * then applies them). The batch is cut into groups of similar length, each run forward and backward on its own,
     * so short completions are not padded to the length of long ones; the gradients add up to those of the whole
     * batch.
     *
     * @param batch prompts and completions, at least one
     * @return the batch's mean loss per completion token
     */
    public float backward(List<ScoringRequest> batch) {
        long completionTokens = completionTokens(batch);
        double loss = 0;
        for (List<ScoringRequest> group : similarLengthGroups(batch)) {
            try (NDManager step = model.manager().newSubManager();
                 GradientCollector collector = engine.newGradientCollector()) {
                CompletionLogProbs logProbs = scorer.logProbs(step, group, 1f);
                NDArray negatedSum = logProbs.logProbs().sum().neg();
                NDArray share = negatedSum.div(Scalar.like(negatedSum, completionTokens));
                collector.backward(share);
                loss += share.getFloat();
            }
        }
        return (float) loss;
    }

    /**
     * The batch's mean loss per completion token, without recording gradients.
     *
     * @param batch prompts and completions, at least one
     * @return the loss
     */
    public float evaluate(List<ScoringRequest> batch) {
        double sum = 0;
        for (List<ScoringRequest> group : similarLengthGroups(batch)) {
            for (float[] row : scorer.logProbArrays(group, 1f)) {
                for (float logProb : row) {
                    sum -= logProb;
                }
            }
        }
        return (float) (sum / completionTokens(batch));
    }

    /**
     * Checks that every example can be trained on, so that a bad one fails a run before its first step.
     *
     * @param examples prompts and completions
     * @throws IllegalArgumentException when there are none, or one does not fit the model (see
     *     {@link CompletionScorer#validate})
     */
    public void validate(List<ScoringRequest> examples) {
        scorer.validate(examples);
    }

    private static long completionTokens(List<ScoringRequest> batch) {
        return batch.stream().mapToLong(r -> r.completionIds().length).sum();
    }

    private static List<List<ScoringRequest>> similarLengthGroups(List<ScoringRequest> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("an empty batch has no loss");
        }
        List<ScoringRequest> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparingInt(CompletionTokenLoss::length));
        List<List<ScoringRequest>> groups = new ArrayList<>();
        List<ScoringRequest> group = new ArrayList<>();
        for (ScoringRequest request : sorted) {
            if (!group.isEmpty() && length(request) > GROUP_LENGTH_RATIO * length(group.get(0))) {
                groups.add(group);
                group = new ArrayList<>();
            }
            group.add(request);
        }
        groups.add(group);
        return groups;
    }

    private static int length(ScoringRequest request) {
        return request.promptIds().length + request.completionIds().length;
    }
}
