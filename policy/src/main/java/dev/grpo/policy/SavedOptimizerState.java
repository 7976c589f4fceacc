package dev.grpo.policy;

/**
 * AdamW's state as it was saved (in a checkpoint file, or another optimiser's live {@link OptimizerState}), restored
 * by copying it into the optimiser's own moments: first checked whole, then copied, so a state that does not fit
 * changes nothing.
 */
public interface SavedOptimizerState {

    /** @return updates applied when the state was saved */
    long steps();

    /**
     * Checks, changing nothing, that the saved moments are exactly those of the target's parameters.
     *
     * @param target the optimiser's live moments
     * @throws IllegalArgumentException naming the first moment that is missing, unexpected or of another size
     */
    void checkFits(OptimizerState target);

    /**
     * Overwrites the target's moments with the saved ones; call {@link #checkFits} first.
     *
     * @param target the optimiser's live moments
     */
    void copyInto(OptimizerState target);
}
