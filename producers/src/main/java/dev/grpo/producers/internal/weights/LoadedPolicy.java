package dev.grpo.producers.internal.weights;

import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.LiveWeights;
import dev.grpo.policy.PolicyModel;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;

/**
 * The weights a generator samples with, and their version. Sampling holds the read lock and a swap takes the write
 * lock (fairly: a waiting swap goes before newer readers), so the version a reader sees is exactly the version of the
 * weights it reads. {@link #withWeights} holds it for a whole batch, so weights change only between batches;
 * as {@link LiveWeights} it is held for one decode step at a time, so a swap lands between two steps of the
 * batches in flight (partial rollouts).
 */
public final class LoadedPolicy implements LiveWeights, AutoCloseable {

    private final PolicyModel model;
    private final ReadWriteLock lock = new ReentrantReadWriteLock(true);
    private volatile long version;

    /**
     * @param model the model, already holding the weights of {@code version}; closed with this
     * @param version their version
     */
    public LoadedPolicy(PolicyModel model, long version) {
        this.model = model;
        this.version = version;
    }

    /** @return the version of the weights in place now */
    public long version() {
        return version;
    }

    /**
     * Runs one batch with the current weights; a swap waits until it is done.
     *
     * @param batch gets the model and its version
     * @param <T> the batch's result
     * @return the batch's result
     */
    public <T> T withWeights(BiFunction<PolicyModel, Long, T> batch) {
        lock.readLock().lock();
        try {
            return batch.apply(model, version);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The model whose weights this holds; read them only inside {@link #withWeights} or a {@link #begin() step}.
     *
     * @return the model
     */
    public PolicyModel model() {
        return model;
    }

    /** Holds the weights in place for one decode step. */
    @Override
    public Step begin() {
        lock.readLock().lock();
        return Step.of(version, lock.readLock()::unlock);
    }

    /**
     * Overwrites the weights with a verified checkpoint's, once the batches in flight are done. A checkpoint that
     * does not fit leaves the weights and version as they were.
     *
     * @param checkpoint the verified checkpoint
     * @param newVersion its version
     * @throws dev.grpo.policy.CheckpointException when the checkpoint does not fit the model
     */
    public void swapTo(Checkpoint checkpoint, long newVersion) {
        lock.writeLock().lock();
        try {
            checkpoint.copyInto(model);
            version = newVersion;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            model.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
