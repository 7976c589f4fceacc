package dev.grpo.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The position-wise MLP of each decoder layer. */
public enum FeedForwardKind {
    /** {@code down(silu(gate(x)) * up(x))}. */
    @JsonProperty("swiglu") SWIGLU,
    /** {@code down(gelu(up(x)))}. */
    @JsonProperty("gelu") GELU
}
