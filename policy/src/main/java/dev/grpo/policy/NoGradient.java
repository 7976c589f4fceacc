package dev.grpo.policy;

import dev.grpo.policy.internal.engine.Autograd;

/**
 * Turns off PyTorch's gradient recording on the current thread until closed, then restores it. Needed because
 * PyTorch's grad mode is per thread and starts enabled on every new thread: without this, sampling on a worker
 * thread would record an autograd graph, and in-place weight updates would be refused.
 */
public final class NoGradient implements AutoCloseable {

    private final boolean previous;

    private NoGradient(boolean previous) {
        this.previous = previous;
    }

    /**
     * Call only after the PyTorch engine is loaded (any {@link PolicyModel} loads it).
     *
     * @return a scope to close when gradient-free work is done
     */
    public static NoGradient scope() {
        boolean previous = Autograd.isRecording();
        Autograd.setRecording(false);
        return new NoGradient(previous);
    }

    @Override
    public void close() {
        Autograd.setRecording(previous);
    }
}
