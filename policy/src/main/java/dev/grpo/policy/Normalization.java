package dev.grpo.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The normalisation applied before each sub-layer and before the LM head (pre-norm). */
public enum Normalization {
    /** Root-mean-square norm with a learned gain. */
    @JsonProperty("rms_norm") RMS_NORM,
    /** Layer norm with learned gain and bias. */
    @JsonProperty("layer_norm") LAYER_NORM
}
