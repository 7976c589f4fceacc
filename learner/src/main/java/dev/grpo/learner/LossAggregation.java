package dev.grpo.learner;

import ai.djl.ndarray.NDArray;

/**
 * How the per-token losses of a step are reduced to one number. Each mode is a fixed per-token weight, so a step
 * split into mini-batches (gradient accumulation) gives exactly the gradient of the whole step.
 */
public enum LossAggregation implements Labelled {

    /** Sum over every token of the step divided by the step's token count (DAPO; the default). */
    TOKEN_MEAN("token-mean"),
    /** Mean over each sequence's tokens, then mean over the step's sequences (the original GRPO). */
    SEQ_MEAN_TOKEN_MEAN("seq-mean-token-mean"),
    /** Sum over each sequence's tokens divided by a constant length, then mean over the sequences (Dr. GRPO). */
    SEQ_MEAN_TOKEN_SUM_NORM("seq-mean-token-sum-norm");

    private final String label;

    LossAggregation(String label) {
        this.label = label;
    }

    /** @return the name used on the command line and in configs, e.g. {@code token-mean} */
    @Override
    public String label() {
        return label;
    }

    /**
     * @param label a name as {@link #label()} gives it
     * @return the mode
     * @throws IllegalArgumentException for an unknown name
     */
    public static LossAggregation fromLabel(String label) {
        return Labelled.byLabel(LossAggregation.class, "loss aggregation", label);
    }

    /**
     * @param mask float32 {@code [B, C]}: 1 on real tokens, 0 in padding
     * @param tokens the whole step's completion tokens
     * @param sequences the whole step's completions
     * @param normLength the constant length of {@link #SEQ_MEAN_TOKEN_SUM_NORM}
     * @return float32 {@code [B, C]}: the weight of each token's loss
     */
    NDArray tokenWeights(NDArray mask, long tokens, int sequences, int normLength) {
        return switch (this) {
            case TOKEN_MEAN -> mask.div((float) tokens);
            case SEQ_MEAN_TOKEN_MEAN -> mask.div(mask.sum(new int[] {1}, true)).div((float) sequences);
            case SEQ_MEAN_TOKEN_SUM_NORM -> mask.div((float) normLength * sequences);
        };
    }
}
