package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;

/**
 * A surrogate's per-token values and the tokens it treated specially, all {@code [B, C]} (padding included; the loss
 * masks it).
 *
 * @param values float32, differentiable: the surrogate to maximise at each token
 * @param flat boolean: tokens whose gradient the clip (or the cap) removed, or null when none can be
 * @param capped boolean: tokens the ratio cap truncated or dropped, or null when there is no cap
 */
public record TokenSurrogate(NDArray values, NDArray flat, NDArray capped) {
}
