package dev.grpo.policy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The state of one sequence while a batch is sampled: its generator, its tokens so far, whether it is done. */
final class SequenceDraw {

    private final SplittableRandom random;
    private final int budget;
    private final int[] endIds;
    private final int[] tokens;
    private final float[] logProbs;
    private final long[] versions;
    private int count;
    private FinishReason finishReason;

    SequenceDraw(long seed, int budget, int[] endIds) {
        this.random = new SplittableRandom(seed);
        this.budget = budget;
        this.endIds = endIds;
        this.tokens = new int[budget];
        this.logProbs = new float[budget];
        this.versions = new long[budget];
    }

    /**
     * Draws the next token of every running sequence of a batch; finished ones get padding.
     *
     * @param draws the sequence of each row
     * @param batchLogProbs the rows' log-probs, {@code [rows, vocabulary]} flattened
     * @param vocabulary the row length
     * @param settings how to draw
     * @param padId what a finished row gets
     * @return one token per row
     */
    static long[] nextColumn(List<SequenceDraw> draws, float[] batchLogProbs, int vocabulary, SamplingConfig settings,
                             int padId) {
        return nextColumn(draws, batchLogProbs, vocabulary, settings, padId, 0L);
    }

    /**
     * As {@link #nextColumn(List, float[], int, SamplingConfig, int)}, recording the version of the weights that
     * computed the log-probs with each drawn token.
     */
    static long[] nextColumn(List<SequenceDraw> draws, float[] batchLogProbs, int vocabulary, SamplingConfig settings,
                             int padId, long version) {
        long[] column = new long[draws.size()];
        for (int row = 0; row < draws.size(); row++) {
            SequenceDraw draw = draws.get(row);
            column[row] = draw.finished() ? padId : draw.next(batchLogProbs, row, vocabulary, settings, version);
        }
        return column;
    }

    boolean finished() {
        return finishReason != null;
    }

    /**
     * Draws this sequence's next token from its row of the batch's log-probs and records it.
     *
     * @param batchLogProbs log-probs of the whole batch, {@code [B, vocabulary]} flattened
     * @param row this sequence's row
     * @param vocabulary the row length
     * @param settings how to draw
     * @param version the version of the weights that computed the log-probs
     * @return the token
     */
    int next(float[] batchLogProbs, int row, int vocabulary, SamplingConfig settings, long version) {
        int token = TokenChoice.pick(batchLogProbs, row * vocabulary, vocabulary, settings, random);
        tokens[count] = token;
        logProbs[count] = batchLogProbs[row * vocabulary + token];
        versions[count] = version;
        count++;
        if (settings.stopAtEndOfSequence() && ends(token)) {
            finishReason = FinishReason.STOP;
        } else if (count == budget) {
            finishReason = FinishReason.LENGTH;
        }
        return token;
    }

    private boolean ends(int token) {
        for (int endId : endIds) {
            if (token == endId) {
                return true;
            }
        }
        return false;
    }

    Generation generation() {
        return new Generation(Arrays.copyOf(tokens, count), Arrays.copyOf(logProbs, count), finishReason,
                Arrays.copyOf(versions, count));
    }
}
