package dev.grpo.streams;

import dev.grpo.streams.internal.replay.HistoryPosition;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of the rollout history a replay re-scores: from {@code from} (inclusive) up to
 * {@code to} (exclusive), or up to the end of every partition as it stands when the replay starts.
 *
 * @param from the first position replayed
 * @param to the first position no longer replayed, if bounded
 */
public record ReplayRange(ReplayPosition from, Optional<ReplayPosition> to) {

    public ReplayRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        to.ifPresent(end -> checkOrder(from, end));
    }

    /** The range from {@code from} to the end of the history as it stands at the start. */
    public static ReplayRange from(ReplayPosition from) {
        return new ReplayRange(from, Optional.empty());
    }

    /** The range from {@code from} up to, not including, {@code to}. */
    public ReplayRange to(ReplayPosition end) {
        return new ReplayRange(from, Optional.of(end));
    }

    /** The range as {@code --from ... [--to ...]}. */
    public String text() {
        return "--from " + from.text() + to.map(end -> " --to " + end.text()).orElse("");
    }

    /** The first position replayed, as the replay's bounds resolve it. */
    HistoryPosition start() {
        return resolvable(from);
    }

    /** The first position no longer replayed, if bounded, as the replay's bounds resolve it. */
    Optional<HistoryPosition> end() {
        return to.map(ReplayRange::resolvable);
    }

    private static HistoryPosition resolvable(ReplayPosition position) {
        if (position instanceof ReplayPosition.Offset offset) {
            return new HistoryPosition.Offset(offset.offset(), offset.text());
        }
        if (position instanceof ReplayPosition.Timestamp timestamp) {
            return new HistoryPosition.Timestamp(timestamp.instant(), timestamp.text());
        }
        if (position instanceof ReplayPosition.Version version) {
            return new HistoryPosition.Version(version.version(), version.text());
        }
        return new HistoryPosition.Earliest(position.text());
    }

    /** Positions of one kind must be in order; positions of different kinds are ordered per partition later. */
    private static void checkOrder(ReplayPosition from, ReplayPosition to) {
        if (to instanceof ReplayPosition.Earliest) {
            throw new IllegalArgumentException("--to " + to.text() + " would replay nothing");
        }
        boolean reversed = from instanceof ReplayPosition.Offset f && to instanceof ReplayPosition.Offset t
                && t.offset() < f.offset()
                || from instanceof ReplayPosition.Timestamp f2 && to instanceof ReplayPosition.Timestamp t2
                && t2.instant().isBefore(f2.instant())
                || from instanceof ReplayPosition.Version f3 && to instanceof ReplayPosition.Version t3
                && t3.version() < f3.version();
        if (reversed) {
            throw new IllegalArgumentException("--to " + to.text() + " is before --from " + from.text());
        }
    }
}
