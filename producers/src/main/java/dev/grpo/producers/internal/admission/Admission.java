package dev.grpo.producers.internal.admission;

import java.time.Instant;

/**
 * A granted claim: the group may be sampled, and published if it is ready in time.
 *
 * @param slot the claim's offset in the claims log, unique across generators
 * @param version the version the claim was made for; the group is sampled with this version or a newer one
 * @param generatorId the generator that made the claim
 * @param publishBy the latest local time at which publishing may start ({@link Lease#publishBy()}); a group ready
 *     later is dropped, since its slot may be released before its published marker is appended
 */
public record Admission(long slot, long version, String generatorId, Instant publishBy) {

    /** @return the group id: the slot makes it unique, the generator id makes it readable */
    public String groupId() {
        return "g" + slot + "-" + generatorId;
    }
}
