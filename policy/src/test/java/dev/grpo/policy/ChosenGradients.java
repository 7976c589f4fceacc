package dev.grpo.policy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradients a test chooses, put on a model's parameters through a real backward pass of {@code Σ g ⊙ w}, whose
 * gradient with respect to {@code w} is exactly {@code g}; so a test knows every gradient an optimiser sees.
 */
final class ChosenGradients {

    private ChosenGradients() {
    }

    /**
     * @param model the model whose parameter shapes they take
     * @param step varies the values from step to step
     * @param magnitude the largest absolute value
     * @return a deterministic gradient per parameter name, its values varied in sign and size but at least a
     *     quarter of {@code magnitude} in size (so that Adam's ε stays negligible where a test needs it)
     */
    static Map<String, float[]> of(PolicyModel model, int step, float magnitude) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        int salt = 0;
        for (var entry : model.parameters().entrySet()) {
            float[] gradient = new float[Math.toIntExact(entry.getValue().getArray().size())];
            for (int i = 0; i < gradient.length; i++) {
                double wave = Math.sin(0.7 * i + 1.3 * salt + 2.1 * step);
                gradient[i] = (float) (magnitude * Math.copySign(0.25 + 0.75 * Math.abs(wave), wave));
            }
            gradients.put(entry.getKey(), gradient);
            salt++;
        }
        return gradients;
    }

    /**
     * Backpropagates so that each parameter's accumulated gradient is the chosen one (gradients start at zero).
     *
     * @param model the model
     * @param gradients one array per parameter name, of the parameter's size
     */
    static void apply(PolicyModel model, Map<String, float[]> gradients) {
        try (NDManager manager = model.manager().newSubManager();
             GradientCollector collector = Engine.getEngine(ComputeDevice.ENGINE).newGradientCollector()) {
            NDArray total = manager.zeros(new Shape());
            for (var entry : model.parameters().entrySet()) {
                NDArray weight = entry.getValue().getArray();
                NDArray chosen = manager.create(gradients.get(entry.getKey()), weight.getShape());
                total = total.add(chosen.mul(weight).sum());
            }
            collector.backward(total);
        }
    }

    /**
     * @param model the model
     * @return a copy of every parameter's values, by name
     */
    static Map<String, float[]> weights(PolicyModel model) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        model.parameters().forEach((name, parameter) -> weights.put(name, parameter.getArray().toFloatArray()));
        return weights;
    }
}
