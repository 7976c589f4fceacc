package dev.grpo.policy;

import ai.djl.ndarray.NDArray;

/**
 * A number as a 0-d array in the manager of the array it is combined with, for every operation autograd may
 * differentiate: a loss built on {@link CompletionScorer}'s log-probs combines its numbers this way, as the model's
 * own blocks do (the internal {@code Scalar} explains why {@code NDArray.mul(Number)} and its kin are unsafe there).
 */
public final class Scalar {

    private Scalar() {
    }

    /**
     * @param operand the array the number will be combined with; must live in a short-lived manager
     * @param value the number
     * @return a float32 0-d array holding {@code value}, in {@code operand}'s manager and on its device
     */
    public static NDArray like(NDArray operand, float value) {
        return dev.grpo.policy.internal.model.Scalar.like(operand, value);
    }
}
