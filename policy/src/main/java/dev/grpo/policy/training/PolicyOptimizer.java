package dev.grpo.policy.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.grpo.policy.model.NoGradient;
import dev.grpo.policy.model.PolicyModel;

import java.util.Map;

/**
 * Applies the gradients accumulated on a model's parameters (by backward passes inside a DJL
 * {@code GradientCollector}) with DJL's AdamW, after clipping their global norm, then clears them. Usage per step:
 * collect gradients, call {@link #step()}.
 */
public final class PolicyOptimizer {

    private final PolicyModel model;
    private final OptimizerSettings settings;
    private final Optimizer adamW;
    private int steps;

    /**
     * @param model the model to update in place
     * @param settings hyper-parameters and schedule
     */
    public PolicyOptimizer(PolicyModel model, OptimizerSettings settings) {
        this.model = model;
        this.settings = settings;
        this.adamW = AdamW.builder()
                .optLearningRateTracker((Tracker) settings::learningRateAt)
                .optBeta1(settings.beta1())
                .optBeta2(settings.beta2())
                .optEpsilon(settings.epsilon())
                .optWeightDecays(settings.weightDecay())
                .build();
    }

    /**
     * Clips, updates every parameter that has a gradient, and zeroes the gradients.
     *
     * @return the global gradient norm before clipping
     * @throws IllegalStateException when the gradient norm is not finite (the weights are left unchanged)
     */
    public float step() {
        try (NoGradient noGradient = NoGradient.scope()) {
            Map<String, Parameter> parameters = model.parameters();
            float norm = gradientNorm(parameters);
            if (!Float.isFinite(norm)) {
                zeroGradients(parameters);
                throw new IllegalStateException("gradient norm is " + norm + "; skipped the update");
            }
            float scale = settings.maxGradientNorm() > 0 && norm > settings.maxGradientNorm()
                    ? settings.maxGradientNorm() / norm : 1f;
            for (Parameter parameter : parameters.values()) {
                NDArray weight = parameter.getArray();
                if (!weight.hasGradient()) {
                    continue;
                }
                try (NDArray gradient = weight.getGradient()) {
                    if (scale != 1f) {
                        gradient.muli(scale);
                    }
                    adamW.update(parameter.getId(), weight, gradient);
                }
            }
            zeroGradients(parameters);
            steps++;
            return norm;
        }
    }

    private static float gradientNorm(Map<String, Parameter> parameters) {
        double sumOfSquares = 0;
        for (Parameter parameter : parameters.values()) {
            NDArray weight = parameter.getArray();
            if (weight.hasGradient()) {
                try (NDArray gradient = weight.getGradient(); NDArray norm = gradient.norm()) {
                    double value = norm.getFloat();
                    sumOfSquares += value * value;
                }
            }
        }
        return (float) Math.sqrt(sumOfSquares);
    }

    private static void zeroGradients(Map<String, Parameter> parameters) {
        for (Parameter parameter : parameters.values()) {
            NDArray weight = parameter.getArray();
            if (weight.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) weight);
            }
        }
    }

    /** @return the number of updates applied so far */
    public int steps() {
        return steps;
    }

    /** @return the learning rate the next step will use */
    public float nextLearningRate() {
        return settings.learningRateAt(steps + 1);
    }
}
