package dev.grpo.schemas;

import java.util.Locale;

/**
 * How a pipeline stage spent its wall time: busy doing its own work (a generator sampling, a learner training or
 * checkpointing) or idle, waiting on another stage (a generator on admission, a learner on data). Two stages that
 * overlap well are both mostly busy; one that is mostly idle is held back by the other.
 *
 * @param busySeconds seconds with the stage's work in progress
 * @param idleSeconds the rest of the stage's wall time
 */
public record StageTime(double busySeconds, double idleSeconds) {

    /** No time at all: a stage that has not started. */
    public static final StageTime ZERO = new StageTime(0, 0);

    /** Rejects negative times, naming the one out of range. */
    public StageTime {
        if (busySeconds < 0 || idleSeconds < 0) {
            throw new IllegalArgumentException("stage time must be >= 0, got busy " + busySeconds + " s, idle "
                    + idleSeconds + " s");
        }
    }

    /** @return busy plus idle: the stage's wall time */
    public double wallSeconds() {
        return busySeconds + idleSeconds;
    }

    /** @return the busy share of the wall time, 0 for a stage that has not started */
    public double busyShare() {
        double wall = wallSeconds();
        return wall == 0 ? 0 : busySeconds / wall;
    }

    /** @return both stages' times added, as for several generators counted as one stage */
    public StageTime plus(StageTime other) {
        return new StageTime(busySeconds + other.busySeconds, idleSeconds + other.idleSeconds);
    }

    /** @return e.g. {@code busy 12.3 s, idle 4.5 s (73 % busy)} */
    public String summary() {
        return String.format(Locale.ROOT, "busy %.1f s, idle %.1f s (%.0f %% busy)", busySeconds, idleSeconds,
                100 * busyShare());
    }
}
