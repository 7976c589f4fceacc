package dev.grpo.policy.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.grpo.policy.TestModels;
import dev.grpo.policy.model.ComputeDevice;
import dev.grpo.policy.model.PolicyModel;
import dev.grpo.policy.scoring.CompletionLogProbs;
import dev.grpo.policy.scoring.CompletionScorer;
import dev.grpo.policy.scoring.ScoringRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyOptimizerTest {

    private static final List<ScoringRequest> FIXED_BATCH = List.of(
            new ScoringRequest(TestModels.prompt(3, 1), TestModels.prompt(9, 2)),
            new ScoringRequest(TestModels.prompt(7, 3), TestModels.prompt(4, 4)),
            new ScoringRequest(TestModels.prompt(1, 5), TestModels.prompt(12, 6)),
            new ScoringRequest(TestModels.prompt(5, 7), TestModels.prompt(6, 8)));

    @Test
    void overfitsASmallFixedBatchTenfold() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 8)) {
            PolicyOptimizer optimizer = new PolicyOptimizer(model, OptimizerSettings.constant(1e-2f));
            CompletionScorer scorer = new CompletionScorer(model, TestModels.PAD);

            float first = lossAndGradients(model, scorer);
            optimizer.step();
            float last = first;
            for (int step = 0; step < 120 && last > first / 10; step++) {
                last = lossAndGradients(model, scorer);
                optimizer.step();
            }

            assertThat(last).isLessThan(first / 10);
            assertThat(optimizer.steps()).isLessThanOrEqualTo(121);
        }
    }

    @Test
    void clearsTheGradientsAfterAStep() {
        try (PolicyModel model = TestModels.create(TestModels.learned(), 8)) {
            PolicyOptimizer optimizer = new PolicyOptimizer(model, OptimizerSettings.constant(1e-3f));
            float[] before = model.parameters().get("head.weight").getArray().toFloatArray();

            lossAndGradients(model, new CompletionScorer(model, TestModels.PAD));
            float norm = optimizer.step();

            assertThat(norm).isPositive();
            assertThat(model.parameters().get("head.weight").getArray().toFloatArray()).isNotEqualTo(before);
            for (Parameter parameter : model.parameters().values()) {
                try (NDArray gradient = parameter.getArray().getGradient()) {
                    assertThat(gradient.abs().sum().getFloat()).isZero();
                }
            }
        }
    }

    private static float lossAndGradients(PolicyModel model, CompletionScorer scorer) {
        try (NDManager step = model.manager().newSubManager();
             GradientCollector collector = Engine.getEngine(ComputeDevice.ENGINE).newGradientCollector()) {
            CompletionLogProbs logProbs = scorer.logProbs(step, FIXED_BATCH, 1f);
            NDArray loss = logProbs.logProbs().sum().neg().div(logProbs.mask().sum());
            collector.backward(loss);
            return loss.getFloat();
        }
    }
}
