package dev.grpo.producers.internal.admission;

/**
 * The staleness bound as a limit on how many groups may exist: a group sampled with weights of version {@code p}
 * may only be started while fewer than {@code (p + η + 1) × B} groups have been admitted in total (B = groups per
 * learner step). The learner trains groups {@code kB .. (k+1)B-1} at version k, so a group admitted as number
 * {@code n < (p + η + 1)B} is trained at version {@code floor(n / B) ≤ p + η}: at most η stale.
 *
 * @param groupsPerStep B, groups per optimiser step of the learner
 * @param maxStaleness η, the staleness bound
 */
public record AdmissionRule(int groupsPerStep, int maxStaleness) {

    /** Rejects a non-positive step size or a negative bound. */
    public AdmissionRule {
        if (groupsPerStep < 1) {
            throw new IllegalArgumentException("groups per step must be >= 1, got " + groupsPerStep);
        }
        if (maxStaleness < 0) {
            throw new IllegalArgumentException("max staleness must be >= 0, got " + maxStaleness);
        }
    }

    /**
     * @param version the version of the weights the group would be sampled with
     * @return how many groups may have been admitted, in total, once that group is
     */
    public long limit(long version) {
        return (version + maxStaleness + 1) * groupsPerStep;
    }

    /**
     * @param admittedBefore groups admitted before this one, by every generator
     * @param version the version the group would be sampled with
     * @return whether the group may start
     */
    public boolean admits(long admittedBefore, long version) {
        return admittedBefore < limit(version);
    }
}
