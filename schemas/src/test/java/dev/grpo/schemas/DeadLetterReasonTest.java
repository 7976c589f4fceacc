package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeadLetterReasonTest {

    /** Every error_type ever shipped: consumers filter on these strings, so none may change or disappear. */
    private static final String[] SHIPPED = {"CORRUPT", "TRUNCATED", "UNKNOWN_FINGERPRINT", "NULL_VALUE",
        "UnscorableCompletionException", "REWARD_FUNCTION_FAILED", "NON_FINITE_REWARD", "OUTPUT_TOO_LARGE",
        "INVALID_ROLLOUT", "INVALID_REWARD", "UNKNOWN_ROLLOUT", "ROLLOUT_NOT_IN_LOG", "INCOMPLETE_GROUP",
        "MALFORMED_VERIFICATION", "UNSUPPORTED_LANGUAGE", "NON_FINITE_ADVANTAGE", "NON_FINITE_LOG_PROB",
        "LENGTH_MISMATCH", "EMPTY_COMPLETION", "EMPTY_PROMPT", "BAD_GROUP_POSITION", "DUPLICATE_MEMBER",
        "TOKEN_OUT_OF_RANGE", "TOO_LONG", "BAD_TEMPERATURE", "UNDECODABLE", "NON_FINITE_GRADIENT", "STALE_TOO_LARGE",
        "BAD_TOKEN_VERSIONS"};

    @Test
    void theWireNamesAreExactlyTheShippedErrorTypes() {
        assertThat(Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::wireName))
                .containsExactlyInAnyOrder(SHIPPED);
    }

    @Test
    void aWireNameIsTheConstantsNameExceptWhereAnEarlierReleaseWroteAClassName() {
        assertThat(DeadLetterReason.INCOMPLETE_GROUP.wireName()).isEqualTo("INCOMPLETE_GROUP");
        assertThat(DeadLetterReason.UNSCORABLE_COMPLETION.wireName()).isEqualTo("UnscorableCompletionException");
        assertThat(DeadLetterReason.UNSCORABLE_COMPLETION).hasToString("UnscorableCompletionException");
    }

    @Test
    void everyReasonIsReadBackFromItsWireName() {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(DeadLetterReason.fromWireName(reason.wireName())).isSameAs(reason);
        }
    }

    @Test
    void anUnknownWireNameIsRefusedByName() {
        assertThatThrownBy(() -> DeadLetterReason.fromWireName("UNSCORABLE_COMPLETION"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown dead-letter error_type 'UNSCORABLE_COMPLETION'");
        assertThatThrownBy(() -> DeadLetterReason.fromWireName(null))
                .hasMessage("unknown dead-letter error_type 'null'");
    }

    @Test
    void undecodableBytesAreDeadLetteredUnderTheDecodingProblemsName() {
        for (RecordDecodingException.Kind kind : RecordDecodingException.Kind.values()) {
            assertThat(DeadLetterReason.undecodable(kind).wireName()).isEqualTo(kind.name());
        }
    }
}
