package dev.grpo.producers.internal.admission;

import dev.grpo.producers.internal.admission.ClaimLogEntry.Claim;
import dev.grpo.producers.internal.admission.ClaimLogEntry.Published;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims log's verdicts as pure logic. Fed the log's entries in offset order, it first releases every outstanding
 * lease that the entry's log time has reached, then decides a claim with the {@link AdmissionRule} over the slots
 * still counted, or settles a lease with its published marker. Everything it decides comes from the entries alone,
 * so every generator replaying the log reaches the same verdicts.
 */
final class ClaimReplay {

    /** What reading one entry did. */
    public enum Outcome {
        /** A claim that got a slot. */
        GRANTED,
        /** A claim that found no room: the rule's limit for its version was reached. */
        VOID,
        /** The claimer's marker, read while its lease held: the slot stays counted for good. */
        PUBLISHED,
        /** The claimer's marker, read after its lease had ended: the slot stays released. */
        LATE,
        /** A marker of no outstanding or ended lease of its writer (repeated, or not the claimer's): no effect. */
        IGNORED,
        /** A record that is neither claim nor marker: no effect. */
        UNREADABLE
    }

    /** Whether a claim for some version would be granted. */
    public enum Room {
        /** Yes, as far as the log has been read. */
        FREE,
        /** Only once a record stamped now releases the leases that have ended by now (none has been read yet). */
        ONCE_LEASES_END,
        /** No. */
        NONE
    }

    /**
     * What reading one entry did.
     *
     * @param entry the entry
     * @param outcome its effect
     * @param released leases that ended before it, released by its log time
     */
    public record Reading(ClaimLogEntry entry, Outcome outcome, List<Lease> released) {

        /** Copies the list. */
        public Reading {
            released = List.copyOf(released);
        }
    }

    private final AdmissionRule rule;
    private final Map<Long, Lease> outstanding = new LinkedHashMap<>();
    private final Map<Long, Lease> ended = new HashMap<>();
    private long counted;

    /** @param rule the rule every generator of the run applies */
    public ClaimReplay(AdmissionRule rule) {
        this.rule = rule;
    }

    /**
     * @param entry the next entry of the log
     * @return what it did
     */
    public Reading read(ClaimLogEntry entry) {
        List<Lease> released = releaseEndedBy(entry.timestamp());
        Outcome outcome;
        if (entry instanceof Claim claim) {
            outcome = decide(claim);
        } else if (entry instanceof Published marker) {
            outcome = settle(marker);
        } else {
            outcome = Outcome.UNREADABLE;
        }
        return new Reading(entry, outcome, released);
    }

    private List<Lease> releaseEndedBy(Instant logTime) {
        List<Lease> released = new ArrayList<>();
        for (Iterator<Lease> leases = outstanding.values().iterator(); leases.hasNext(); ) {
            Lease lease = leases.next();
            if (lease.endedBy(logTime)) {
                leases.remove();
                ended.put(lease.slot(), lease);
                released.add(lease);
                counted--;
            }
        }
        return released;
    }

    private Outcome decide(Claim claim) {
        if (!rule.admits(counted, claim.version())) {
            return Outcome.VOID;
        }
        counted++;
        outstanding.put(claim.offset(), new Lease(claim.offset(), claim.generatorId(), claim.timestamp(),
                claim.lease()));
        return Outcome.GRANTED;
    }

    private Outcome settle(Published marker) {
        if (claimedBy(outstanding.get(marker.claimOffset()), marker)) {
            outstanding.remove(marker.claimOffset());
            return Outcome.PUBLISHED;
        }
        if (claimedBy(ended.get(marker.claimOffset()), marker)) {
            // counting it again could stall the run (the learner may route this group to grpo.stale and never count
            // it); leaving it released at worst lets one group more than counted reach the learner's staleness gate
            ended.remove(marker.claimOffset());
            return Outcome.LATE;
        }
        return Outcome.IGNORED;
    }

    private static boolean claimedBy(Lease lease, Published marker) {
        return lease != null && lease.generatorId().equals(marker.generatorId());
    }

    /**
     * @param version the version a new group would be sampled with
     * @return whether, as far as the log has been read, a claim for it would be granted
     */
    public boolean hasRoom(long version) {
        return rule.admits(counted, version);
    }

    /**
     * A prediction, never a verdict: the leases that have ended by {@code now} are released only when a record
     * stamped at or after their end is read, and a claim appended now is such a record if the clocks agree.
     *
     * @param version the version a new group would be sampled with
     * @param now the local time
     * @return whether a claim appended now would find room
     */
    public Room room(long version, Instant now) {
        if (hasRoom(version)) {
            return Room.FREE;
        }
        long ending = outstanding.values().stream().filter(lease -> lease.endedBy(now)).count();
        return ending > 0 && rule.admits(counted - ending, version) ? Room.ONCE_LEASES_END : Room.NONE;
    }

    /**
     * @param slot a granted claim's offset
     * @return its lease while it holds (neither published nor released), else empty
     */
    public Optional<Lease> outstanding(long slot) {
        return Optional.ofNullable(outstanding.get(slot));
    }

    /** @return slots counted toward the bound: granted, less those released */
    public long counted() {
        return counted;
    }
}
