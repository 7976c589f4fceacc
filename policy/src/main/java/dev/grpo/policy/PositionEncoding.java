package dev.grpo.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the model learns where a token sits in its sequence. */
public enum PositionEncoding {
    /** Rotary embeddings applied to queries and keys (no parameters). */
    @JsonProperty("rotary") ROTARY,
    /** A learned embedding per position, added to the token embedding. */
    @JsonProperty("learned") LEARNED
}
