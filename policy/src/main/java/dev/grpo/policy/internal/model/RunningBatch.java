package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The sequences a continuously batched sampler is decoding, one row each, over a shared {@link KvCache}. A row's
 * tokens fill the cache's columns from its own start column to the right edge (zero padding before them, hidden by
 * the mask), so a row that joins later simply starts further right, and positions count from each row's start: a
 * row's numbers do not depend on the other rows. Rows leave when their sequence ends and new ones join with their
 * prompt already prefilled; the columns no row attends to any more are cut, so the cache stays as wide as the
 * longest running sequence.
 *
 * <p>Mutable, not thread-safe; one instance serves one sampling call. Closing it frees the cache.
 */
public final class RunningBatch implements AutoCloseable {

    private final KvCache cache;
    private int[] starts = new int[0];
    private long[] latest = new long[0];
    private int width;

    /**
     * @param parent the manager the cache's manager is a child of
     * @param layers the model's layer count
     */
    public RunningBatch(NDManager parent, int layers) {
        cache = new KvCache(parent, layers);
    }

    /** @return the number of running sequences */
    public int size() {
        return starts.length;
    }

    /** @return the number of cached columns */
    public int width() {
        return width;
    }

    /** @return the cache a step extends (the attention layers append the new column to it) */
    public KvCache cache() {
        return cache;
    }

    /**
     * Adds prefilled sequences after the running ones.
     *
     * @param prefilled the keys and values of the new prompts, left-padded to the longest of them
     * @param promptLengths each new prompt's length
     * @param firstTokens each new sequence's first generated token, not yet in any cache
     */
    public void admit(KvCache prefilled, int[] promptLengths, long[] firstTokens) {
        int prefillWidth = Arrays.stream(promptLengths).max().orElse(0);
        int joined = Math.max(width, prefillWidth);
        if (!cache.isEmpty()) {
            cache.padLeft(joined - width);
        }
        prefilled.padLeft(joined - prefillWidth);
        cache.appendRows(prefilled);
        int running = size();
        starts = Arrays.copyOf(starts, running + promptLengths.length);
        latest = Arrays.copyOf(latest, starts.length);
        for (int r = 0; r < running; r++) {
            starts[r] += joined - width;
        }
        for (int n = 0; n < promptLengths.length; n++) {
            starts[running + n] = joined - promptLengths[n];
            latest[running + n] = firstTokens[n];
        }
        width = joined;
    }

    /**
     * Keeps only the given rows, in the given order, and cuts the leading columns none of them attends to.
     *
     * @param rows indices of the rows to keep
     */
    public void keepRows(int[] rows) {
        if (rows.length == size()) {
            return;
        }
        int[] keptStarts = new int[rows.length];
        long[] keptLatest = new long[rows.length];
        for (int k = 0; k < rows.length; k++) {
            keptStarts[k] = starts[rows[k]];
            keptLatest[k] = latest[rows[k]];
        }
        int unused = rows.length == 0 ? width : Arrays.stream(keptStarts).min().orElseThrow();
        cache.keepRows(rows, unused);
        for (int k = 0; k < rows.length; k++) {
            keptStarts[k] -= unused;
        }
        starts = keptStarts;
        latest = keptLatest;
        width -= unused;
    }

    /**
     * The input of the next step: each row's latest token as one new column, attending over the row's cached
     * columns and itself.
     *
     * @param manager where the arrays are created
     * @param config the model's shape (for the rotary tables)
     * @return the decoder input of one column
     */
    public DecoderInput nextColumn(NDManager manager, TransformerShape config) {
        int rows = size();
        long[] positions = new long[rows];
        FloatBuffer bias = FloatBuffer.allocate(rows * (width + 1));
        for (int r = 0; r < rows; r++) {
            positions[r] = width - starts[r];
            for (int key = 0; key <= width; key++) {
                bias.put(key >= starts[r] ? 0f : PaddedBatch.MASKED);
            }
        }
        bias.rewind();
        Shape grid = new Shape(rows, 1);
        return new DecoderInput(
                manager.create(latest.clone(), grid),
                manager.create(positions, grid),
                manager.create(bias, new Shape(rows, 1, 1, width + 1)),
                config.rotaryPositions() ? PaddedBatch.rotary(manager, positions, 1, config, true) : null,
                config.rotaryPositions() ? PaddedBatch.rotary(manager, positions, 1, config, false) : null);
    }

    /**
     * Records a step: the cache now holds the column {@link #nextColumn} described, and each row has a new token.
     *
     * @param drawn each row's new token
     */
    public void advance(long[] drawn) {
        width++;
        latest = drawn.clone();
    }

    @Override
    public void close() {
        cache.close();
    }
}
