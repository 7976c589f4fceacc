package dev.grpo.producers.admission;

/**
 * A granted claim: the group may be sampled.
 *
 * @param slot the claim's offset in the claims log, unique across generators
 * @param version the version the claim was made for; the group is sampled with this version or a newer one
 * @param generatorId the generator that made the claim
 */
public record Admission(long slot, long version, String generatorId) {

    /** @return the group id: the slot makes it unique, the generator id makes it readable */
    public String groupId() {
        return "g" + slot + "-" + generatorId;
    }
}
