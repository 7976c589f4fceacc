package dev.grpo.schemas;

import java.util.function.LongSupplier;

/**
 * Measures a stage's {@link StageTime} from its creation on: the stage marks each stretch of its own work with
 * {@link #busy()}; stretches that overlap (two groups sampled at once) count once, so busy never exceeds wall time,
 * and whatever is not busy is idle. Safe to use from any thread.
 */
public final class StageClock {

    private final LongSupplier nanoTime;
    private final long startedNanos;
    private int active;
    private long busySinceNanos;
    private long busyNanos;

    /** A clock on the JVM's monotonic time, started now. */
    public StageClock() {
        this(System::nanoTime);
    }

    /** A clock on {@code nanoTime} (a monotonic nanosecond counter), started now. */
    public StageClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.startedNanos = nanoTime.getAsLong();
    }

    /** Begins a stretch of work, which ends when the result is closed. */
    public synchronized Busy busy() {
        if (active++ == 0) {
            busySinceNanos = nanoTime.getAsLong();
        }
        return new Busy(this);
    }

    private synchronized void end() {
        if (--active == 0) {
            busyNanos += nanoTime.getAsLong() - busySinceNanos;
        }
    }

    /** @return busy and idle time from the clock's start to now, work in progress counted as busy */
    public synchronized StageTime time() {
        long now = nanoTime.getAsLong();
        long busy = busyNanos + (active > 0 ? now - busySinceNanos : 0);
        long wall = now - startedNanos;
        return new StageTime(busy / 1e9, Math.max(0, wall - busy) / 1e9);
    }

    /** One stretch of work; closing it twice counts once. */
    public static final class Busy implements AutoCloseable {

        private final StageClock clock;
        private boolean ended;

        private Busy(StageClock clock) {
            this.clock = clock;
        }

        @Override
        public void close() {
            synchronized (clock) {
                if (ended) {
                    return;
                }
                ended = true;
                clock.end();
            }
        }
    }
}
