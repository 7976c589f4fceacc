package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The keys and values of every column already seen, per layer, so each sampling step runs the model on the new
 * column only. Keys are stored transposed ({@code [B, H, headWidth, S]}) so a step needs no transpose of the
 * cache; values as {@code [B, H, S, headWidth]}. The arrays live in the cache's own manager: closing the cache
 * frees them, and each append frees the arrays it replaces.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;

    /**
     * @param parent the manager the cache's own manager is a child of
     * @param layers the model's layer count
     */
    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /**
     * Appends a layer's new keys and values and returns everything cached for that layer.
     *
     * @param layer the layer index
     * @param transposedKeys {@code [B, H, headWidth, T]}
     * @param newValues {@code [B, H, T, headWidth]}
     * @return the layer's keys (transposed) and values over all columns so far
     */
    NDList append(int layer, NDArray transposedKeys, NDArray newValues) {
        keys[layer] = extend(keys[layer], transposedKeys, 3);
        values[layer] = extend(values[layer], newValues, 2);
        return new NDList(keys[layer], values[layer]);
    }

    private NDArray extend(NDArray cached, NDArray fresh, int axis) {
        NDArray extended = cached == null ? fresh : cached.concat(fresh, axis);
        extended.attach(manager);
        if (cached != null) {
            cached.close();
        }
        return extended;
    }

    @Override
    public void close() {
        manager.close();
    }
}
