package dev.grpo.learner.train;

import java.util.Map;

/**
 * AdamW's saved state: the step count and both moments of every parameter, by checkpoint parameter name.
 *
 * @param steps updates applied so far (drives the bias correction and the learning-rate schedule)
 * @param firstMoments m per parameter
 * @param secondMoments v per parameter
 */
public record OptimizerState(long steps, Map<String, float[]> firstMoments, Map<String, float[]> secondMoments) {
}
