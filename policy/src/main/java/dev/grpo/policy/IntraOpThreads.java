package dev.grpo.policy;

import ai.djl.engine.Engine;
import dev.grpo.policy.internal.engine.NativeThreads;

/**
 * PyTorch's intra-op thread count (the threads one operator may split its work over), which DJL sets only once, from
 * {@code -Dai.djl.pytorch.num_threads} when the engine loads. Benchmarks change it at run time to compare thread
 * counts, and {@code grpo learn} gives the learner more threads than the launcher's one. Setting it loads the engine
 * first, so the engine's own start cannot undo it.
 *
 * <p>The CPU build's OpenMP keeps the count per OS thread: {@link #set} changes the calling thread's only, and a
 * thread that never calls it uses every core (DJL's setting reaches only the thread that loaded the engine), so set it
 * on the thread that runs the model. {@link #count} answers the last count set by any thread.
 */
public final class IntraOpThreads {

    private IntraOpThreads() {
    }

    /**
     * Sets the count for the operators the calling thread runs from now on.
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

    /** @return the last count set by any thread (not necessarily the calling thread's) */
    public static int count() {
        loadEngine();
        return NativeThreads.count();
    }

    /** Loading the engine sets the launcher's count, once per process; it must come before the count is read or set. */
    private static void loadEngine() {
        Engine.getEngine(ComputeDevice.ENGINE);
    }
}
