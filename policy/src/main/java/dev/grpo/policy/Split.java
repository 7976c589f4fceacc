package dev.grpo.policy;

/** Which side of the fixed train / held-out partition a problem is on. */
public enum Split {
    /** Used for pretraining and RL. */
    TRAIN,
    /** Never used for training; for evaluation only. */
    HELD_OUT
}
