package dev.grpo.policy;

import dev.grpo.policy.internal.engine.NativeThreads;

/**
 * PyTorch's intra-op thread count (the threads one operator may split its work over), which DJL sets only once, from
 * {@code -Dai.djl.pytorch.num_threads} when the engine loads. Benchmarks change it at run time to compare thread
 * counts. Call only after the PyTorch engine is loaded (any {@code PolicyModel} loads it).
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
        NativeThreads.set(threads);
    }

    /** @return the current count */
    public static int count() {
        return NativeThreads.count();
    }
}
