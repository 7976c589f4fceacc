package dev.grpo.policy.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Where the tokens of a batch of sequences sit in one rectangular array. Prompts are LEFT-padded to the longest
 * prompt, so every prompt ends in the same column and generation appends one column at a time; continuations
 * (completions) follow their prompt and are RIGHT-padded. Each token's position id counts from the first real token
 * of its own sequence, and pads are masked out as keys, so a sequence's numbers do not depend on what else is in
 * the batch.
 *
 * <p>Mutable: the sampler appends a column per step. Not thread-safe; one instance serves one call.
 */
public final class PaddedBatch {

    /** Added to the attention score of a masked key; finite, so a fully masked row cannot produce NaN. */
    static final float MASKED = -1e9f;

    private final int size;
    private final long padId;
    private final int promptWidth;
    private final int[] padsBefore;
    private long[][] tokens;
    private boolean[][] real;
    private int width;

    private PaddedBatch(List<int[]> prompts, long padId) {
        size = prompts.size();
        this.padId = padId;
        promptWidth = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        padsBefore = new int[size];
        tokens = new long[size][promptWidth];
        real = new boolean[size][tokens[0].length];
        for (int b = 0; b < size; b++) {
            int[] prompt = prompts.get(b);
            padsBefore[b] = promptWidth - prompt.length;
            Arrays.fill(tokens[b], padId);
            for (int i = 0; i < prompt.length; i++) {
                tokens[b][padsBefore[b] + i] = prompt[i];
                real[b][padsBefore[b] + i] = true;
            }
        }
        width = promptWidth;
    }

    /**
     * @param prompts the prompts, each non-empty
     * @param padId the id written into padding
     * @return a batch holding only the prompts
     */
    public static PaddedBatch ofPrompts(List<int[]> prompts, int padId) {
        return new PaddedBatch(prompts, padId);
    }

    /**
     * @param prompts the prompts, each non-empty
     * @param continuations what follows each prompt (same count as prompts)
     * @param padId the id written into padding
     * @return a batch of prompts followed by their right-padded continuations
     */
    public static PaddedBatch ofPromptsAndContinuations(List<int[]> prompts, List<int[]> continuations, int padId) {
        int longest = continuations.stream().mapToInt(c -> c.length).max().orElse(0);
        PaddedBatch batch = new PaddedBatch(prompts, padId);
        batch.ensureCapacity(batch.promptWidth + longest);
        for (int b = 0; b < batch.size; b++) {
            int[] continuation = continuations.get(b);
            for (int i = 0; i < continuation.length; i++) {
                batch.tokens[b][batch.promptWidth + i] = continuation[i];
                batch.real[b][batch.promptWidth + i] = true;
            }
        }
        batch.width = batch.promptWidth + longest;
        return batch;
    }

    /**
     * Appends one real token per sequence as a new column.
     *
     * @param column one id per sequence
     */
    public void append(long[] column) {
        ensureCapacity(width + 1);
        for (int b = 0; b < size; b++) {
            tokens[b][width] = column[b];
            real[b][width] = true;
        }
        width++;
    }

    private void ensureCapacity(int columns) {
        if (columns <= tokens[0].length) {
            return;
        }
        int grown = Math.max(columns, tokens[0].length * 2);
        for (int b = 0; b < size; b++) {
            long[] t = Arrays.copyOf(tokens[b], grown);
            Arrays.fill(t, tokens[b].length, grown, padId);
            tokens[b] = t;
            real[b] = Arrays.copyOf(real[b], grown);
        }
    }

    /** @return the number of sequences */
    public int size() {
        return size;
    }

    /** @return the column count of the longest prompt; prompts end in column {@code promptWidth() - 1} */
    public int promptWidth() {
        return promptWidth;
    }

    /** @return the number of columns filled so far */
    public int width() {
        return width;
    }

    /**
     * @param sequence a row
     * @param column a column
     * @return the position id of that cell within its own sequence (0 for leading pads)
     */
    public int position(int sequence, int column) {
        return Math.max(0, column - padsBefore[sequence]);
    }

    /**
     * Builds the arrays of a forward pass over columns {@code [from, to)}, attending to every column before
     * {@code to} (those before {@code from} must already sit in the key/value cache).
     *
     * @param manager where the arrays are created
     * @param from first query column
     * @param to one past the last query column
     * @param config the model config (for rotary tables)
     * @return the decoder input; padding after a sequence's end gets a position id no greater than the max length's
     *     last, so a learned position table is never indexed past its end (padding is masked, its id unused)
     */
    public DecoderInput input(NDManager manager, int from, int to, TransformerShape config) {
        int queries = to - from;
        long[] ids = new long[size * queries];
        long[] positions = new long[size * queries];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < queries; t++) {
                ids[b * queries + t] = tokens[b][from + t];
                positions[b * queries + t] = Math.min(position(b, from + t), config.maxLength() - 1);
            }
        }
        Shape grid = new Shape(size, queries);
        return new DecoderInput(
                manager.create(ids, grid),
                manager.create(positions, grid),
                attentionBias(manager, from, to),
                config.rotaryPositions() ? rotary(manager, positions, queries, config, true) : null,
                config.rotaryPositions() ? rotary(manager, positions, queries, config, false) : null);
    }

    private NDArray attentionBias(NDManager manager, int from, int to) {
        int queries = to - from;
        FloatBuffer bias = FloatBuffer.allocate(size * queries * to);
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < queries; t++) {
                int query = from + t;
                for (int key = 0; key < to; key++) {
                    boolean visible = key == query || key < query && real[b][key];
                    bias.put(visible ? 0f : MASKED);
                }
            }
        }
        bias.rewind();
        return manager.create(bias, new Shape(size, 1, queries, to));
    }

    /**
     * @param positions {@code B * queries} position ids, row by row
     * @return the rotary cosine (or sine) table {@code [B, 1, queries, headWidth / 2]} of those positions
     */
    static NDArray rotary(NDManager manager, long[] positions, int queries, TransformerShape config,
                          boolean cosine) {
        double[] frequencies = config.rotaryFrequencies();
        int half = frequencies.length;
        float[] table = new float[positions.length * half];
        for (int i = 0; i < positions.length; i++) {
            for (int k = 0; k < half; k++) {
                double angle = positions[i] * frequencies[k];
                table[i * half + k] = (float) (cosine ? Math.cos(angle) : Math.sin(angle));
            }
        }
        return manager.create(table, new Shape(positions.length / queries, 1, queries, half));
    }
}
