package dev.grpo.policy.internal.engine;

import ai.djl.pytorch.jni.JniUtils;

/** PyTorch's intra-op thread count, read and set through the engine's native interface. */
public final class NativeThreads {

    private NativeThreads() {
    }

    /** @param threads the count for the operators this process runs from now on, at least 1 */
    public static void set(int threads) {
        JniUtils.setNumThreads(threads);
    }

    /** @return the current count */
    public static int count() {
        return JniUtils.getNumThreads();
    }
}
