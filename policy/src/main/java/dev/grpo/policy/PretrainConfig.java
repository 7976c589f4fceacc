package dev.grpo.policy;

/**
 * How long and how hard to pretrain.
 *
 * @param steps optimiser steps
 * @param batchSize examples per step
 * @param learningRate peak AdamW learning rate (warm-up, then cosine decay)
 */
public record PretrainConfig(int steps, int batchSize, float learningRate) {

    /** Validates the ranges. */
    public PretrainConfig {
        if (steps <= 0 || batchSize <= 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("steps, batch size and learning rate must be > 0, got " + this);
        }
    }
}
