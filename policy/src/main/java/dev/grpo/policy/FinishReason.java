package dev.grpo.policy;

/** Why a generated sequence ended. */
public enum FinishReason {
    /** The end-of-sequence token was sampled (and is the last token of the generation). */
    STOP,
    /** The token budget ran out: max new tokens, or the model's max length. */
    LENGTH
}
