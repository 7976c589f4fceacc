package dev.grpo.producers.internal.admission;

import java.time.Clock;
import java.util.function.LongPredicate;

/**
 * Tells, just before a group is sent, whether its claim still holds the slot long enough to publish it: the replay has
 * neither released the slot nor seen it published, and the local clock has not reached the lease's safety margin.
 * A group that fails this must not be published: its slot may already count for another group.
 */
public final class LeaseWatch {

    private final LongPredicate held;
    private final Clock clock;

    /**
     * @param held whether the replay of the claims log still holds a slot's lease ({@link ClaimLedger#outstanding})
     * @param clock the local time
     */
    public LeaseWatch(LongPredicate held, Clock clock) {
        this.held = held;
        this.clock = clock;
    }

    /**
     * @param admission a granted claim whose group is ready
     * @return whether the group may be published now
     */
    public boolean leavesTimeToPublish(Admission admission) {
        return clock.instant().isBefore(admission.publishBy()) && held.test(admission.slot());
    }
}
