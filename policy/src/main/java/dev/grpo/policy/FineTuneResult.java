package dev.grpo.policy;

import java.time.Duration;
import java.util.List;

/**
 * What a fine-tuning run did.
 *
 * @param examples examples trained on per epoch
 * @param steps optimiser steps taken
 * @param epochLosses the mean training loss per completion token of each epoch, in order
 * @param tokens prompt and completion tokens processed, over all epochs
 * @param elapsed wall time of the training
 */
public record FineTuneResult(int examples, int steps, List<Double> epochLosses, long tokens, Duration elapsed) {

    public FineTuneResult {
        epochLosses = List.copyOf(epochLosses);
    }
}
