package dev.grpo.policy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * AdamW follows the published update rule, agrees with DJL's AdamW where the two conventions meet, clips the global
 * gradient norm, refuses non-finite gradients without touching anything, and resumes exactly from a saved state.
 */
class AdamWTest {

    private static final float LEARNING_RATE = 1e-2f;
    private static final int WARMUP_STEPS = 2;
    private static final float WEIGHT_DECAY = 0.1f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final int STEPS = 4;

    private static final List<ScoringRequest> FIXED_BATCH = List.of(
            new ScoringRequest(TestModels.prompt(3, 1), TestModels.prompt(9, 2)),
            new ScoringRequest(TestModels.prompt(7, 3), TestModels.prompt(4, 4)),
            new ScoringRequest(TestModels.prompt(1, 5), TestModels.prompt(12, 6)),
            new ScoringRequest(TestModels.prompt(5, 7), TestModels.prompt(6, 8)));

    /**
     * The rule of {@code torch.optim.AdamW}: Kingma &amp; Ba's bias-corrected moments, ε outside the square root,
     * and Loshchilov &amp; Hutter's decoupled weight decay (their Algorithm 2 with α = lr, η_t = lr_t / lr and their
     * λ = lr · weightDecay), over steps with a warm-up, in doubles.
     */
    @Test
    void followsThePublishedDecoupledWeightDecayRuleWithBiasCorrection() {
        float epsilon = 1e-3f; // large enough that where ε is added shows in the result
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 8)) {
            AdamW adamW = new AdamW(model, settings(epsilon, 0));
            Map<String, double[]> w = doubles(ChosenGradients.weights(model));
            Map<String, double[]> m = zerosLike(w);
            Map<String, double[]> v = zerosLike(w);

            for (int t = 1; t <= STEPS; t++) {
                Map<String, float[]> gradients = ChosenGradients.of(model, t, 0.5f);
                ChosenGradients.apply(model, gradients);
                adamW.step();

                double learningRate = t <= WARMUP_STEPS ? (double) LEARNING_RATE * t / WARMUP_STEPS : LEARNING_RATE;
                for (String name : w.keySet()) {
                    double[] weight = w.get(name);
                    double[] first = m.get(name);
                    double[] second = v.get(name);
                    float[] g = gradients.get(name);
                    for (int i = 0; i < weight.length; i++) {
                        first[i] = BETA1 * first[i] + (1 - (double) BETA1) * g[i];
                        second[i] = BETA2 * second[i] + (1 - (double) BETA2) * g[i] * g[i];
                        double firstUnbiased = first[i] / (1 - Math.pow(BETA1, t));
                        double secondUnbiased = second[i] / (1 - Math.pow(BETA2, t));
                        weight[i] -= learningRate * (firstUnbiased / (Math.sqrt(secondUnbiased) + epsilon)
                                + WEIGHT_DECAY * weight[i]);
                    }
                }
                assertClose(ChosenGradients.weights(model), w, 1e-6, "step " + t);
            }
        }
    }

    /**
     * DJL's AdamW (PyTorch engine) takes the same decoupled decay, lr · weightDecay · w, but folds the bias
     * correction into the learning rate, lr · sqrt(1 − β2^t) / (1 − β1^t) · m / (sqrt(v) + ε): its ε is ours scaled
     * by sqrt(1 − β2^t). The two agree wherever ε is negligible against sqrt(v), as with the usual ε = 1e-8.
     */
    @Test
    void agreesWithDjlsAdamWWhenEpsilonIsNegligible() {
        Map<String, float[]>[] weights = afterStepsOfOursAndDjls(1e-8f);

        assertClose(weights[0], doubles(weights[1]), 1e-6, "ours against DJL's");
    }

    @Test
    void differsFromDjlsAdamWWhenEpsilonIsLargeBecauseDjlAddsItBeforeTheBiasCorrection() {
        Map<String, float[]>[] weights = afterStepsOfOursAndDjls(1e-1f);

        assertThat(largestDifference(weights[0], doubles(weights[1]))).isGreaterThan(1e-4);
    }

    @Test
    void clipsAGradientAboveTheMaximumNormToExactlyThatNorm() {
        FirstStep step = firstStep(1f);

        assertThat(step.reportedNorm()).isCloseTo((float) norm(step.chosen()), within(1e-3f)).isGreaterThan(2f);
        assertThat(norm(step.applied())).isCloseTo(1.0, within(1e-5));
        Map<String, float[]> scaled = new LinkedHashMap<>();
        step.chosen().forEach((name, g) -> {
            float[] copy = g.clone();
            for (int i = 0; i < copy.length; i++) {
                copy[i] /= step.reportedNorm();
            }
            scaled.put(name, copy);
        });
        assertClose(step.applied(), doubles(scaled), 1e-6, "applied gradient, same direction");
    }

    @Test
    void leavesAGradientBelowTheMaximumNormUntouched() {
        FirstStep step = firstStep(1000f);

        assertClose(step.applied(), doubles(step.chosen()), 1e-6, "applied gradient");
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void refusesANonFiniteGradientLeavingWeightsAndStateAsTheyWere(float poison) {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 8)) {
            AdamW adamW = new AdamW(model, settings(1e-8f, 1f));
            ChosenGradients.apply(model, ChosenGradients.of(model, 1, 0.5f));
            adamW.step();
            Map<String, float[]> weights = ChosenGradients.weights(model);
            Map<String, float[]> moments = firstMoments(adamW);
            Map<String, float[]> poisoned = ChosenGradients.of(model, 2, 0.5f);
            poisoned.get("head.weight")[3] = poison;
            ChosenGradients.apply(model, poisoned);

            assertThatThrownBy(adamW::step).isInstanceOf(NonFiniteGradientException.class)
                    .hasMessageContaining("gradient norm is " + Math.abs(poison));

            assertThat(adamW.steps()).isEqualTo(1);
            assertClose(ChosenGradients.weights(model), doubles(weights), 0, "weights");
            assertClose(firstMoments(adamW), doubles(moments), 0, "first moments");
            assertThat(norm(gradients(model))).as("gradients are zeroed").isZero();
        }
    }

    @Test
    void overfitsASmallFixedBatchTenfold() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 8)) {
            AdamW adamW = new AdamW(model, OptimizerConfig.constant(1e-2f));
            CompletionScorer scorer = new CompletionScorer(model, TestModels.PAD);

            float first = lossAndGradients(model, scorer);
            adamW.step();
            float last = first;
            for (int step = 0; step < 120 && last > first / 10; step++) {
                last = lossAndGradients(model, scorer);
                adamW.step();
            }

            assertThat(last).isLessThan(first / 10);
            assertThat(adamW.steps()).isLessThanOrEqualTo(121);
        }
    }

    @Test
    void clearsTheGradientsAfterAStep() {
        try (PolicyModel model = TestModels.create(TestModels.learned(), 8)) {
            AdamW adamW = new AdamW(model, OptimizerConfig.constant(1e-3f));
            float[] before = model.parameters().get("head.weight").getArray().toFloatArray();

            lossAndGradients(model, new CompletionScorer(model, TestModels.PAD));
            float norm = adamW.step();

            assertThat(norm).isPositive();
            assertThat(model.parameters().get("head.weight").getArray().toFloatArray()).isNotEqualTo(before);
            assertThat(norm(gradients(model))).isZero();
        }
    }

    @Test
    void savingAndRestoringBetweenStepsGivesTheSameWeightsAsTrainingStraightThrough() {
        OptimizerConfig settings = settings(1e-8f, 1f);
        try (PolicyModel straight = TestModels.create(TestModels.rotary(), 3);
             PolicyModel resumed = TestModels.create(TestModels.rotary(), 3)) {
            CompletionScorer straightScorer = new CompletionScorer(straight, TestModels.PAD);
            AdamW straightAdamW = new AdamW(straight, settings);
            for (int i = 0; i < 3; i++) {
                lossAndGradients(straight, straightScorer);
                straightAdamW.step();
            }
            CompletionScorer resumedScorer = new CompletionScorer(resumed, TestModels.PAD);
            AdamW first = new AdamW(resumed, settings);
            lossAndGradients(resumed, resumedScorer);
            first.step();
            AdamW second = new AdamW(resumed, settings);
            second.restore(first.state());
            for (int i = 0; i < 2; i++) {
                lossAndGradients(resumed, resumedScorer);
                second.step();
            }

            assertThat(second.steps()).isEqualTo(3);
            straight.parameters().forEach((name, parameter) -> assertThat(resumed.parameters().get(name).getArray()
                    .toFloatArray()).as(name).containsExactly(parameter.getArray().toFloatArray()));
        }
    }

    @Test
    void stateForADifferentModelIsRefused() {
        try (PolicyModel small = TestModels.create(TestModels.rotary(), 3);
             PolicyModel other = TestModels.create(TestModels.learned(), 3)) {
            OptimizerState state = new AdamW(small, OptimizerConfig.constant(1e-3f)).state();
            assertThatThrownBy(() -> new AdamW(other, OptimizerConfig.constant(1e-3f)).restore(state))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("moments");
        }
    }

    private static OptimizerConfig settings(float epsilon, float maxGradientNorm) {
        return new OptimizerConfig(LEARNING_RATE, WARMUP_STEPS, 0, 1f, WEIGHT_DECAY, BETA1, BETA2, epsilon,
                maxGradientNorm);
    }

    /**
     * One step with chosen gradients.
     *
     * @param chosen the gradients put on the parameters
     * @param reportedNorm what {@link AdamW#step()} returned
     * @param applied the gradient the step used, read back from the first moments: m = (1 − β1)·g after one step
     */
    private record FirstStep(Map<String, float[]> chosen, float reportedNorm, Map<String, float[]> applied) {
    }

    private static FirstStep firstStep(float maxGradientNorm) {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 8)) {
            AdamW adamW = new AdamW(model, settings(1e-8f, maxGradientNorm));
            Map<String, float[]> chosen = ChosenGradients.of(model, 1, 0.5f);
            ChosenGradients.apply(model, chosen);
            float norm = adamW.step();
            Map<String, float[]> applied = firstMoments(adamW);
            applied.values().forEach(m -> {
                for (int i = 0; i < m.length; i++) {
                    m[i] /= 1 - BETA1;
                }
            });
            return new FirstStep(chosen, norm, applied);
        }
    }

    /** @return the weights after {@link #STEPS} steps of ours, then of DJL's, from the same start and gradients */
    @SuppressWarnings("unchecked")
    private static Map<String, float[]>[] afterStepsOfOursAndDjls(float epsilon) {
        OptimizerConfig settings = settings(epsilon, 0);
        try (PolicyModel ours = TestModels.create(TestModels.rotary(), 8);
             PolicyModel theirs = TestModels.create(TestModels.rotary(), 8)) {
            AdamW adamW = new AdamW(ours, settings);
            ai.djl.training.optimizer.AdamW djl = ai.djl.training.optimizer.AdamW.builder()
                    .optLearningRateTracker((Tracker) settings::learningRateAt).optBeta1(BETA1).optBeta2(BETA2)
                    .optEpsilon(epsilon).optWeightDecays(WEIGHT_DECAY).build();
            for (int t = 1; t <= STEPS; t++) {
                Map<String, float[]> gradients = ChosenGradients.of(ours, t, 0.5f);
                ChosenGradients.apply(ours, gradients);
                adamW.step();
                try (NoGradient noGradient = NoGradient.scope(); NDManager manager = theirs.manager().newSubManager()) {
                    theirs.parameters().forEach((name, parameter) -> {
                        NDArray weight = parameter.getArray();
                        djl.update(name, weight, manager.create(gradients.get(name), weight.getShape()));
                    });
                }
            }
            return new Map[] {ChosenGradients.weights(ours), ChosenGradients.weights(theirs)};
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

    private static Map<String, float[]> firstMoments(AdamW adamW) {
        Map<String, float[]> copies = new LinkedHashMap<>();
        adamW.state().firstMoments().forEach((name, m) -> copies.put(name, m.toFloatArray()));
        return copies;
    }

    private static Map<String, float[]> gradients(PolicyModel model) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> entry : model.parameters().entrySet()) {
            try (NDArray gradient = entry.getValue().getArray().getGradient()) {
                gradients.put(entry.getKey(), gradient.toFloatArray());
            }
        }
        return gradients;
    }

    private static double norm(Map<String, float[]> arrays) {
        double sumOfSquares = 0;
        for (float[] array : arrays.values()) {
            for (float x : array) {
                sumOfSquares += (double) x * x;
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    private static Map<String, double[]> doubles(Map<String, float[]> arrays) {
        Map<String, double[]> copies = new LinkedHashMap<>();
        arrays.forEach((name, array) -> {
            double[] copy = new double[array.length];
            for (int i = 0; i < array.length; i++) {
                copy[i] = array[i];
            }
            copies.put(name, copy);
        });
        return copies;
    }

    private static Map<String, double[]> zerosLike(Map<String, double[]> arrays) {
        Map<String, double[]> zeros = new LinkedHashMap<>();
        arrays.forEach((name, array) -> zeros.put(name, new double[array.length]));
        return zeros;
    }

    private static double largestDifference(Map<String, float[]> actual, Map<String, double[]> expected) {
        double largest = 0;
        for (var entry : expected.entrySet()) {
            float[] values = actual.get(entry.getKey());
            for (int i = 0; i < values.length; i++) {
                largest = Math.max(largest, Math.abs(values[i] - entry.getValue()[i]));
            }
        }
        return largest;
    }

    private static void assertClose(Map<String, float[]> actual, Map<String, double[]> expected, double tolerance,
                                    String what) {
        assertThat(actual).as(what).containsOnlyKeys(expected.keySet());
        assertThat(largestDifference(actual, expected)).as(what + ": largest difference").isLessThanOrEqualTo(tolerance);
    }
}
