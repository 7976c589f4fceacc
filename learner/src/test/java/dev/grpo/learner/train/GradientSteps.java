package dev.grpo.learner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.AdamW;

import java.util.List;

/** Real optimiser steps on a fixed tiny batch, so tests have trained weights and non-zero moments. */
public final class GradientSteps {

    private static final List<ScoringRequest> BATCH = List.of(new ScoringRequest(new int[] {1, 2}, new int[] {3, 4}));

    private GradientSteps() {
    }

    /**
     * Backpropagates the batch's negative log-likelihood and applies one update.
     *
     * @param model the model (vocabulary of at least 5 tokens)
     * @param optimizer its optimiser
     */
    public static void step(PolicyModel model, AdamW optimizer) {
        try (NDManager manager = model.manager().newSubManager();
             GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray loss = new CompletionScorer(model, 0).logProbs(manager, BATCH, 1f).logProbs().sum().neg();
            collector.backward(loss);
        }
        optimizer.step();
    }
}
