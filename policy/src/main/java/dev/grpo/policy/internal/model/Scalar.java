package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;

/**
 * A number as a 0-d array in the manager of the array it is combined with, for every operation autograd may
 * differentiate. DJL 0.35's {@code NDArray.mul(Number)} (and {@code add}, {@code sub}, {@code div}, {@code pow},
 * {@code Activation.swish}, ...) wrap the number in a temporary array backed by a direct buffer and free it right
 * after the operation, while PyTorch's autograd keeps that array for the backward pass: once the garbage collector
 * reclaims the buffer, the backward pass reads freed memory and gradients turn to NaN or garbage. An array made
 * here lives until the operand's (short-lived, per-step) manager is closed, after the backward pass.
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
        return operand.getManager().create(value);
    }
}
