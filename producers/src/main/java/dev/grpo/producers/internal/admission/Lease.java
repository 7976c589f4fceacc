package dev.grpo.producers.internal.admission;

import java.time.Duration;
import java.time.Instant;

/**
 * A granted claim's hold on its slot: the slot counts toward the staleness bound until the group's published marker
 * is read, or until a record stamped at or after {@link #endsAt()} is read, whichever comes first in the log; in the
 * second case the slot is released, so a generator that died after its claim cannot stall the run.
 *
 * @param slot the claim's offset
 * @param generatorId the claimer
 * @param claimedAt the claim's timestamp in the log
 * @param length how long the claim asked to hold the slot
 */
record Lease(long slot, String generatorId, Instant claimedAt, Duration length) {

    /** @return the first log time at which a record releases the slot */
    public Instant endsAt() {
        return claimedAt.plus(length);
    }

    /**
     * The last fifth of the lease is a safety margin: it absorbs the time the sends take and a difference between the
     * generator's clock and the broker's, so that the published marker lands before the lease ends.
     *
     * @return the latest local time at which the claimer may start publishing the group
     */
    public Instant publishBy() {
        return endsAt().minus(length.dividedBy(5));
    }

    /**
     * @param logTime a record's timestamp in the log
     * @return whether reading that record releases the slot
     */
    public boolean endedBy(Instant logTime) {
        return !logTime.isBefore(endsAt());
    }
}
