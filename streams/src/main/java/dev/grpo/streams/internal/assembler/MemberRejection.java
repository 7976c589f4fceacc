package dev.grpo.streams.internal.assembler;

import dev.grpo.schemas.DeadLetterReason;

/**
 * Why the assembler refuses a rollout or a score: the dead letter's typed reason, chosen where the check fails, and
 * the message naming what was wrong, so nothing has to be read back out of the message.
 *
 * @param reason the dead letter's error type
 * @param message what was wrong, naming the record's group and member
 */
record MemberRejection(DeadLetterReason reason, String message) {

    /** A rollout that fails a check of its own fields or against its group. */
    static MemberRejection invalidRollout(String message) {
        return new MemberRejection(DeadLetterReason.INVALID_ROLLOUT, message);
    }

    /** A score that fails a check of its own fields or against its group. */
    static MemberRejection invalidReward(String message) {
        return new MemberRejection(DeadLetterReason.INVALID_REWARD, message);
    }
}
