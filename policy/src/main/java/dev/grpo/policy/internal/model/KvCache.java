package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * The keys and values of every column already seen, per layer, so each sampling step runs the model on the new
 * column only. Keys are stored transposed ({@code [B, H, headWidth, S]}) so a step needs no transpose of the
 * cache; values as {@code [B, H, S, headWidth]}. The arrays live in the cache's own manager: closing the cache
 * frees them, and each change frees the arrays it replaces.
 *
 * <p>Continuous batching reshapes a cache between steps: rows leave, and with them the leading columns no
 * remaining row attends to ({@link #keepRows}); rows of another cache join ({@link #appendRows}) after the narrower
 * of the two is widened with leading zero columns ({@link #padLeft}). Zero columns are harmless because the
 * attention mask hides them: a masked score's weight is exactly zero.
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

    /** @return whether nothing is cached yet */
    public boolean isEmpty() {
        return keys.length == 0 || keys[0] == null;
    }

    /**
     * Keeps only the given rows, in the given order, without their first columns (one gather per array).
     *
     * @param rows row indices into the current cache; none empties the cache
     * @param droppedColumns how many leading columns to cut
     */
    public void keepRows(int[] rows, int droppedColumns) {
        if (rows.length == 0) {
            for (int layer = 0; layer < keys.length; layer++) {
                keys[layer] = replace(keys[layer], null);
                values[layer] = replace(values[layer], null);
            }
            return;
        }
        try (NDArray picked = manager.create(Arrays.stream(rows).asLongStream().toArray())) {
            NDIndex keyIndex = new NDIndex("{}, :, :, " + droppedColumns + ":", picked);
            NDIndex valueIndex = new NDIndex("{}, :, " + droppedColumns + ":, :", picked);
            for (int layer = 0; layer < keys.length; layer++) {
                keys[layer] = replace(keys[layer], keys[layer].get(keyIndex));
                values[layer] = replace(values[layer], values[layer].get(valueIndex));
            }
        }
    }

    /**
     * Widens every layer by zero columns before the first one.
     *
     * @param columns how many columns to add
     */
    public void padLeft(int columns) {
        if (columns == 0) {
            return;
        }
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = replace(keys[layer], withZerosBefore(keys[layer], columns, 3));
            values[layer] = replace(values[layer], withZerosBefore(values[layer], columns, 2));
        }
    }

    private static NDArray withZerosBefore(NDArray array, int columns, int axis) {
        long[] shape = array.getShape().getShape();
        shape[axis] = columns;
        try (NDArray zeros = array.getManager().zeros(new Shape(shape), array.getDataType())) {
            return zeros.concat(array, axis);
        }
    }

    /**
     * Adds the rows of another cache of the same width after this cache's rows; the other cache is left as it was.
     *
     * @param other a cache over the same layers and columns
     */
    public void appendRows(KvCache other) {
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = replace(keys[layer], joinRows(keys[layer], other.keys[layer]));
            values[layer] = replace(values[layer], joinRows(values[layer], other.values[layer]));
        }
    }

    private static NDArray joinRows(NDArray cached, NDArray fresh) {
        return cached == null ? fresh.duplicate() : cached.concat(fresh, 0);
    }

    /** Puts {@code replacement} (null to empty the layer) where {@code cached} was and frees {@code cached}. */
    private NDArray replace(NDArray cached, NDArray replacement) {
        if (replacement != null) {
            replacement.attach(manager);
        }
        if (cached != null) {
            cached.close();
        }
        return replacement;
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
