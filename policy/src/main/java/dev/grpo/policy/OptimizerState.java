package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

import java.util.Map;

/**
 * AdamW's state: the step count and both moments of every parameter, by checkpoint parameter name, as arrays on
 * the optimiser's device. {@link AdamW#state()} hands out its live moments, not copies (a model's moments are twice
 * its weights, too large to copy onto the heap): read them before the optimiser's next step.
 *
 * @param steps updates applied so far (drives the bias correction and the learning-rate schedule)
 * @param firstMoments m per parameter
 * @param secondMoments v per parameter
 */
public record OptimizerState(long steps, Map<String, NDArray> firstMoments, Map<String, NDArray> secondMoments)
        implements SavedOptimizerState {

    /** @throws IllegalArgumentException when a parameter of {@code target} has no moments of its size here */
    @Override
    public void checkFits(OptimizerState target) {
        target.firstMoments().forEach((name, m) -> {
            NDArray first = firstMoments.get(name);
            NDArray second = secondMoments.get(name);
            if (first == null || second == null || first.size() != m.size() || second.size() != m.size()) {
                throw new IllegalArgumentException("optimiser state has no moments of size " + m.size() + " for "
                        + name);
            }
        });
    }

    @Override
    public void copyInto(OptimizerState target) {
        target.firstMoments().forEach((name, m) -> copy(firstMoments.get(name), m));
        target.secondMoments().forEach((name, v) -> copy(secondMoments.get(name), v));
    }

    /** Copies on the device, through flat views (the shapes may differ), so nothing passes through the heap. */
    private static void copy(NDArray from, NDArray to) {
        long size = to.size();
        try (NDArray source = from.reshape(size); NDArray target = to.reshape(size)) {
            target.set(new NDIndex().addSliceDim(0, size), source);
        }
    }
}
