package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

import java.util.SplittableRandom;

/**
 * Draws weights from N(0, std²) with its own seeded generator, so a model built from the same config and seed has
 * the same weights on any engine or device, whatever the engine's global random state.
 */
final class SeededNormalInitializer implements Initializer {

    private final SplittableRandom random;
    private final double std;

    SeededNormalInitializer(long seed, double std) {
        this.random = new SplittableRandom(seed);
        this.std = std;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
