package dev.grpo.policy;

/**
 * How long and how hard to fine-tune.
 *
 * @param epochs passes over the examples
 * @param batchSize examples per optimiser step (the last batch of an epoch may be smaller)
 * @param learningRate peak AdamW learning rate (warm-up, then cosine decay over all steps)
 * @param seed seeds the order of the examples in every epoch
 */
public record FineTuneConfig(int epochs, int batchSize, float learningRate, long seed) {

    /** Validates the ranges. */
    public FineTuneConfig {
        if (epochs <= 0 || batchSize <= 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, batch size and learning rate must be > 0, got " + this);
        }
    }

    /**
     * @param examples how many examples there are
     * @return optimiser steps in one epoch
     */
    public int stepsPerEpoch(int examples) {
        return (examples + batchSize - 1) / batchSize;
    }
}
