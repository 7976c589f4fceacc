package dev.grpo.policy.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.grpo.policy.model.ComputeDevice;

/**
 * PyTorch's intra-op thread count (the threads one operator may split its work over), which DJL sets only once, from
 * {@code -Dai.djl.pytorch.num_threads} when the engine loads. Benchmarks change it at run time to compare thread
 * counts in one process.
 */
public final class IntraOpThreads {

    private IntraOpThreads() {
    }

    /**
     * Loads the engine if needed, then sets the count for the operators this process runs from now on.
     *
     * @param threads at least 1
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("PyTorch intra-op threads must be >= 1, got " + threads);
        }
        Engine.getEngine(ComputeDevice.ENGINE);
        JniUtils.setNumThreads(threads);
    }

    /** @return the current count, loading the engine if needed */
    public static int count() {
        Engine.getEngine(ComputeDevice.ENGINE);
        return JniUtils.getNumThreads();
    }
}
