package dev.grpo.schemas;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why a stage dead-lettered a record: the only source of a {@code DeadLetter}'s {@code error_type}. Each constant's
 * {@link #wireName()} is the string on the wire, which consumers filter on, so it never changes once shipped; the
 * table of reasons, the stages that give them and what they mean is in {@code schemas/README.md}.
 */
public enum DeadLetterReason {

    /** The bytes are not a single-object-encoded record of the expected type (bad marker, garbage, trailing bytes). */
    CORRUPT,
    /** The bytes end before the record does. */
    TRUNCATED,
    /** The header names a schema fingerprint that is not a shipped version of the expected record. */
    UNKNOWN_FINGERPRINT,
    /** A stream stage read a record without a value (a tombstone). */
    NULL_VALUE,
    /** A reward function declared the completion unscorable (the wire name is the exception's class name). */
    UNSCORABLE_COMPLETION("UnscorableCompletionException"),
    /** A reward function failed with an unexpected exception: a fault of the function, not of the rollout. */
    REWARD_FUNCTION_FAILED,
    /** A reward is NaN or infinite, whether computed in-process or read from a score topic. */
    NON_FINITE_REWARD,
    /** What the stage would write for the record does not fit its output topic. */
    OUTPUT_TOO_LARGE,
    /** A rollout fails the assembler's checks (key, ids, group size, index, duplicate, task). */
    INVALID_ROLLOUT,
    /** A reward score fails the assembler's checks (key, ids, group size, index, component, duplicate). */
    INVALID_REWARD,
    /** A reward score names a rollout its group does not have (another rollout, or a group already closed). */
    UNKNOWN_ROLLOUT,
    /** A member's bytes are no longer in the rollout log (retention removed them) when its group completes. */
    ROLLOUT_NOT_IN_LOG,
    /** The group still missed members when it timed out. */
    INCOMPLETE_GROUP,
    /** The rollout's verification spec is not valid JSON of a known spec kind. */
    MALFORMED_VERIFICATION,
    /** The verification spec names a language no sandbox here runs. */
    UNSUPPORTED_LANGUAGE,
    /** The advantage is NaN or infinite. */
    NON_FINITE_ADVANTAGE,
    /** A behaviour log-prob is NaN or infinite. */
    NON_FINITE_LOG_PROB,
    /** There is not exactly one behaviour log-prob per completion token. */
    LENGTH_MISMATCH,
    /** The completion has no tokens. */
    EMPTY_COMPLETION,
    /** The prompt has no tokens. */
    EMPTY_PROMPT,
    /** group_size is below 1 or index lies outside [0, group_size). */
    BAD_GROUP_POSITION,
    /** Another member of the group already has this index. */
    DUPLICATE_MEMBER,
    /** A token id lies outside the model's vocabulary. */
    TOKEN_OUT_OF_RANGE,
    /** Prompt plus completion exceed the model's maximum length. */
    TOO_LONG,
    /** The sampling temperature is negative or not finite. */
    BAD_TEMPERATURE,
    /** The learner read an advantage record without a value (a tombstone). */
    UNDECODABLE,
    /** The training step of the sample's groups produced a non-finite gradient and was skipped. */
    NON_FINITE_GRADIENT,
    /** A stale sample was too large for the stale topic. */
    STALE_TOO_LARGE,
    /**
     * token_policy_versions has not one entry per completion token, decreases, or does not start at policy_version.
     */
    BAD_TOKEN_VERSIONS;

    private static final Map<String, DeadLetterReason> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(DeadLetterReason::wireName, Function.identity()));

    private final String wireName;

    DeadLetterReason() {
        this.wireName = name();
    }

    DeadLetterReason(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code error_type} string this reason is written as. */
    public String wireName() {
        return wireName;
    }

    /**
     * The reason written as {@code wireName}.
     *
     * @throws IllegalArgumentException when no reason is written so, naming the value
     */
    public static DeadLetterReason fromWireName(String wireName) {
        DeadLetterReason reason = wireName == null ? null : BY_WIRE_NAME.get(wireName);
        if (reason == null) {
            throw new IllegalArgumentException("unknown dead-letter error_type '" + wireName + "'");
        }
        return reason;
    }

    /** The reason for bytes that did not decode, by what was wrong with them. */
    public static DeadLetterReason undecodable(RecordDecodingException.Kind kind) {
        return switch (kind) {
            case CORRUPT -> CORRUPT;
            case TRUNCATED -> TRUNCATED;
            case UNKNOWN_FINGERPRINT -> UNKNOWN_FINGERPRINT;
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
