package dev.grpo.policy;

import ai.djl.engine.Engine;
import dev.grpo.policy.internal.engine.NativeThreads;

/**
 * PyTorch's intra-op thread count (the threads one operator may split its work over), which DJL sets only once, from
 * {@code -Dai.djl.pytorch.num_threads} when the engine loads. Benchmarks change it at run time to compare thread
 * counts, and {@code grpo learn} gives the learner more threads than the launcher's one. Setting it loads the engine
 * first, so the engine's own start cannot undo it.
 */
public final class IntraOpThreads {

    private IntraOpThreads() {
    }

    /**
     * Sets the count for the operators this process runs from now on.
     *
     * @param threads at least 1
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("PyTorch intra-op threads must be >= 1, got " + threads);
        }
        loadEngine();
        NativeThreads.set(threads);
    }

    /** @return the current count */
    public static int count() {
        loadEngine();
        return NativeThreads.count();
    }

    /** Loading the engine sets the launcher's count, once per process; it must come before the count is read or set. */
    private static void loadEngine() {
        Engine.getEngine(ComputeDevice.ENGINE);
    }
}
