package dev.grpo.streams.internal.rewards.math;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A point in time after which an equivalence check gives up. Checks are cooperative: every loop
 * whose length depends on the input calls {@link #check()}, and every single arithmetic step is
 * bounded in size, so a check returns soon after its deadline without a thread to kill.
 */
public final class Deadline {

    private final LongSupplier nanoClock;
    private final long expiresAtNanos;

    private Deadline(LongSupplier nanoClock, long expiresAtNanos) {
        this.nanoClock = nanoClock;
        this.expiresAtNanos = expiresAtNanos;
    }

    /** A deadline {@code budget} from now on the JVM's monotonic clock. */
    public static Deadline after(Duration budget) {
        return after(budget, System::nanoTime);
    }

    /** A deadline {@code budget} from now on the given monotonic nanosecond clock. */
    public static Deadline after(Duration budget, LongSupplier nanoClock) {
        long now = nanoClock.getAsLong();
        return new Deadline(nanoClock, now + Math.min(budget.toNanos(), Long.MAX_VALUE / 4));
    }

    /** @throws DeadlineExceededException once the deadline has passed */
    public void check() {
        if (nanoClock.getAsLong() - expiresAtNanos >= 0) {
            throw new DeadlineExceededException();
        }
    }
}
