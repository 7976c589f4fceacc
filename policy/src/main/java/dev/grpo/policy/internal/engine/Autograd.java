package dev.grpo.policy.internal.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd where DJL's engine-neutral API does not reach: the per-thread switch that records operations
 * for backpropagation, and clearing a parameter's accumulated gradient in place. Call only after the PyTorch engine
 * is loaded (any {@code PolicyModel} loads it).
 */
public final class Autograd {

    private Autograd() {
    }

    /** @return whether the current thread records operations for backpropagation (PyTorch's grad mode) */
    public static boolean isRecording() {
        return JniUtils.isGradMode();
    }

    /**
     * Turns recording on or off for the current thread only: PyTorch's grad mode is per thread.
     *
     * @param recording whether operations on this thread are recorded for backpropagation
     */
    public static void setRecording(boolean recording) {
        JniUtils.setGradMode(recording);
    }

    /**
     * Sets an array's accumulated gradient to zero in place, keeping its buffer, so that the next backward pass adds
     * to zero (DJL's API hands out the gradient only as a new array).
     *
     * @param array a PyTorch array that requires a gradient
     * @throws IllegalArgumentException when the array belongs to another engine
     */
    public static void zeroGradient(NDArray array) {
        if (!(array instanceof PtNDArray pytorch)) {
            throw new IllegalArgumentException("not a PyTorch array: " + array.getClass().getName());
        }
        JniUtils.zeroGrad(pytorch);
    }
}
