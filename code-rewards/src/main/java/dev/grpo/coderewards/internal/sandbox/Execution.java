package dev.grpo.coderewards.internal.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The result of one sandboxed run: how it ended, what it printed (up to the output cap) and how long it took.
 *
 * @param outcome    how the run ended
 * @param exitStatus the sandbox's exit status: the program's own status, 128 + signal when a signal ended it,
 *                   or -1 when the sandbox killed it (timeout, output limit) or never started it
 * @param stdout     standard output, decoded as UTF-8, at most the output cap
 * @param stderr     standard error, decoded as UTF-8, at most the output cap
 * @param truncated  whether stdout or stderr was cut at the output cap
 * @param wallTime   wall-clock time from starting the sandbox until it was gone
 */
public record Execution(Outcome outcome, int exitStatus, String stdout, String stderr, boolean truncated,
                        Duration wallTime) {

    /** Rejects missing parts, so a result is always complete. */
    public Execution {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /** A run that never got going because the sandbox could not start; {@code reason} says why. */
    static Execution sandboxError(String reason, Duration wallTime) {
        return new Execution(Outcome.SANDBOX_ERROR, -1, "", reason, false, wallTime);
    }
}
