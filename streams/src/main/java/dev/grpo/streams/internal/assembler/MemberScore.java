package dev.grpo.streams.internal.assembler;

import dev.grpo.streams.spi.SourceRecord;

/**
 * One reward component's score for one member of a group, as the assembler holds it.
 *
 * @param index the member's index in its group
 * @param rolloutId the rollout the score claims to be for
 * @param component the component name
 * @param value the unweighted score
 * @param version the score's reward version
 * @param pending the score's source record while its rollout has not arrived (kept so it can be
 *     dead-lettered with its original bytes if the rollout never does); null once confirmed
 */
record MemberScore(int index, String rolloutId, String component, double value, String version, SourceRecord pending) {

    /** This score, confirmed by the arrival of its rollout. */
    MemberScore confirmed() {
        return new MemberScore(index, rolloutId, component, value, version, null);
    }
}
