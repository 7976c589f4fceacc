package dev.grpo.streams.internal.replay;

import java.time.Instant;

/**
 * A place in the rollout history where a replay starts or ends, as the bounds resolve it on every partition: the
 * oldest retained record, an offset, an instant or a policy version, each with the text the command line spelled it
 * in, which the refusals quote.
 */
public sealed interface HistoryPosition {

    /** The position as the command line spelled it ({@code kind:value}). */
    String text();

    /** The oldest record each partition still retains. @param text how it was spelled */
    record Earliest(String text) implements HistoryPosition {
    }

    /** The same offset on every partition. @param offset the offset @param text how it was spelled */
    record Offset(long offset, String text) implements HistoryPosition {
    }

    /** The first rollout written at or after an instant. @param instant the instant @param text how it was spelled */
    record Timestamp(Instant instant, String text) implements HistoryPosition {
    }

    /**
     * The first rollout whose policy version is at least {@code version}.
     *
     * @param version the policy version
     * @param text how it was spelled
     */
    record Version(long version, String text) implements HistoryPosition {
    }
}
