package dev.grpo.learner.internal.batch;

import dev.grpo.schemas.DeadLetterReason;

/** Why an advantage sample cannot be trained on, each with the dead-letter reason it is published under. */
public enum SampleProblem {
    /** The advantage is NaN or infinite. */
    NON_FINITE_ADVANTAGE(DeadLetterReason.NON_FINITE_ADVANTAGE),
    /** A behaviour log-prob is NaN or infinite. */
    NON_FINITE_LOG_PROB(DeadLetterReason.NON_FINITE_LOG_PROB),
    /** There is not exactly one behaviour log-prob per completion token. */
    LENGTH_MISMATCH(DeadLetterReason.LENGTH_MISMATCH),
    /** The completion has no tokens. */
    EMPTY_COMPLETION(DeadLetterReason.EMPTY_COMPLETION),
    /** The prompt has no tokens. */
    EMPTY_PROMPT(DeadLetterReason.EMPTY_PROMPT),
    /** group_size is below 1 or index lies outside [0, group_size). */
    BAD_GROUP_POSITION(DeadLetterReason.BAD_GROUP_POSITION),
    /** Another member of the group already has this index. */
    DUPLICATE_MEMBER(DeadLetterReason.DUPLICATE_MEMBER),
    /** A token id lies outside the model's vocabulary. */
    TOKEN_OUT_OF_RANGE(DeadLetterReason.TOKEN_OUT_OF_RANGE),
    /** Prompt plus completion exceed the model's maximum length. */
    TOO_LONG(DeadLetterReason.TOO_LONG),
    /** The temperature is negative or not finite. */
    BAD_TEMPERATURE(DeadLetterReason.BAD_TEMPERATURE),
    /** token_policy_versions does not give one non-decreasing version per token, starting at policy_version. */
    BAD_TOKEN_VERSIONS(DeadLetterReason.BAD_TOKEN_VERSIONS),
    /** The bytes are not a decodable AdvantageSample. */
    UNDECODABLE(DeadLetterReason.UNDECODABLE);

    private final DeadLetterReason deadLetterReason;

    SampleProblem(DeadLetterReason deadLetterReason) {
        this.deadLetterReason = deadLetterReason;
    }

    /** The dead letter's error type for a sample with this problem. */
    public DeadLetterReason deadLetterReason() {
        return deadLetterReason;
    }
}
