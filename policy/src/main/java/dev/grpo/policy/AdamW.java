package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.grpo.policy.internal.engine.Autograd;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) with warm-up and global-norm clipping whose moments can be saved and restored,
 * which a checkpoint needs and DJL's optimiser does not allow; it serves pretraining, fine-tuning and the learner.
 * Update per parameter w with gradient g at step t, as {@code torch.optim.AdamW}:
 * {@code m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w −= lr_t·(m/(1−β1^t) / (sqrt(v/(1−β2^t)) + ε) + λ·w)}.
 */
public final class AdamW {

    private final PolicyModel model;
    private final OptimizerConfig settings;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long steps;

    /**
     * @param model the model whose parameters it updates in place
     * @param settings learning rate, schedule, betas, weight decay and clipping
     */
    public AdamW(PolicyModel model, OptimizerConfig settings) {
        this.model = model;
        this.settings = settings;
        try (NoGradient noGradient = NoGradient.scope()) {
            model.parameters().forEach((name, parameter) -> {
                firstMoments.put(name, model.manager().zeros(parameter.getArray().getShape(), DataType.FLOAT32));
                secondMoments.put(name, model.manager().zeros(parameter.getArray().getShape(), DataType.FLOAT32));
            });
        }
    }

    /**
     * Clips the accumulated gradients to the global norm, applies one update, and zeroes the gradients.
     *
     * @return the global gradient norm before clipping
     * @throws NonFiniteGradientException when the norm is NaN or infinite (gradients are zeroed, weights untouched)
     */
    public float step() {
        try (NoGradient noGradient = NoGradient.scope()) {
            float norm = gradientNorm();
            if (!Float.isFinite(norm)) {
                zeroGradients();
                throw new NonFiniteGradientException(norm);
            }
            float scale = settings.maxGradientNorm() > 0 && norm > settings.maxGradientNorm()
                    ? settings.maxGradientNorm() / norm : 1f;
            steps++;
            float learningRate = settings.learningRateAt(Math.toIntExact(steps));
            float firstCorrection = (float) (1 - Math.pow(settings.beta1(), steps));
            float secondCorrection = (float) (1 - Math.pow(settings.beta2(), steps));
            model.parameters().forEach((name, parameter) -> update(name, parameter, scale, learningRate,
                    firstCorrection, secondCorrection));
            zeroGradients();
            return norm;
        }
    }

    private void update(String name, Parameter parameter, float scale, float learningRate, float firstCorrection,
                        float secondCorrection) {
        NDArray weight = parameter.getArray();
        if (!weight.hasGradient()) {
            return;
        }
        // Every temporary is closed here: arrays derived from weights belong to the model's long-lived manager.
        try (NDArray raw = weight.getGradient(); NDArray gradient = raw.mul(scale);
             NDArray newFirst = gradient.mul(1 - settings.beta1()); NDArray newSecond = gradient.square()) {
            NDArray m = firstMoments.get(name);
            NDArray v = secondMoments.get(name);
            m.muli(settings.beta1()).addi(newFirst);
            v.muli(settings.beta2()).addi(newSecond.muli(1 - settings.beta2()));
            try (NDArray direction = m.div(firstCorrection); NDArray corrected = v.div(secondCorrection);
                 NDArray root = corrected.sqrt(); NDArray decay = weight.mul(settings.weightDecay())) {
                direction.divi(root.addi(settings.epsilon())).addi(decay).muli(learningRate);
                weight.subi(direction);
            }
        }
    }

    private float gradientNorm() {
        double sumOfSquares = 0;
        for (Parameter parameter : model.parameters().values()) {
            NDArray weight = parameter.getArray();
            if (weight.hasGradient()) {
                try (NDArray gradient = weight.getGradient(); NDArray squares = gradient.square();
                     NDArray sum = squares.sum()) {
                    sumOfSquares += sum.getFloat();
                }
            }
        }
        return (float) Math.sqrt(sumOfSquares);
    }

    /** Zeroes every parameter's accumulated gradient (also before a step's first backward pass). */
    public void zeroGradients() {
        for (Parameter parameter : model.parameters().values()) {
            NDArray weight = parameter.getArray();
            if (weight.hasGradient()) {
                Autograd.zeroGradient(weight);
            }
        }
    }

    /** @return updates applied so far */
    public long steps() {
        return steps;
    }

    /** @return the learning rate of the next step */
    public float nextLearningRate() {
        return settings.learningRateAt(Math.toIntExact(steps + 1));
    }

    /**
     * @return the step count and the live moments (not copies: read them before the next step), e.g. to stream
     *     them into a checkpoint
     */
    public OptimizerState state() {
        return new OptimizerState(steps, Collections.unmodifiableMap(firstMoments),
                Collections.unmodifiableMap(secondMoments));
    }

    /**
     * Restores a saved state: it is checked whole first, so a state that does not fit leaves the optimiser as it
     * was; then the moments are copied into this optimiser's own arrays.
     *
     * @param saved moments for exactly this model's parameters
     * @throws IllegalArgumentException when a parameter's moments are missing or of the wrong size
     */
    public void restore(SavedOptimizerState saved) {
        OptimizerState own = state();
        saved.checkFits(own);
        try (NoGradient noGradient = NoGradient.scope()) {
            saved.copyInto(own);
        }
        steps = saved.steps();
    }
}
