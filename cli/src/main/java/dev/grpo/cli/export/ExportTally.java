package dev.grpo.cli.export;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What an export has done so far, the record type once known, and a progress line on the console every so often for
 * long exports.
 */
final class ExportTally {

    private final long span;
    private final long progressEveryNanos;
    private final PrintWriter console;
    private Optional<RecordType> type;
    private long written;
    private long undecodable;
    private long nextProgress;

    /**
     * @param type the record type, when known before reading
     * @param span the offsets to read, an upper bound on the records
     * @param progressEvery how often to print a progress line
     * @param console where progress lines go
     */
    ExportTally(Optional<RecordType> type, long span, Duration progressEvery, PrintWriter console) {
        this.type = type;
        this.span = span;
        this.progressEveryNanos = progressEvery.toNanos();
        this.console = console;
        this.nextProgress = System.nanoTime() + progressEveryNanos;
    }

    /** @return the record type, once known */
    Optional<RecordType> type() {
        return type;
    }

    /** @param detected the type read off the first value with a known header */
    void detect(RecordType detected) {
        type = Optional.of(detected);
    }

    void countWritten() {
        written++;
        progress();
    }

    void countUndecodable() {
        undecodable++;
        progress();
    }

    /** @return records written */
    long written() {
        return written;
    }

    /** @return records that could not be decoded */
    long undecodable() {
        return undecodable;
    }

    private void progress() {
        if (System.nanoTime() - nextProgress < 0) {
            return;
        }
        nextProgress = System.nanoTime() + progressEveryNanos;
        long done = written + undecodable;
        console.printf(Locale.ROOT, "exported %d of at most %d records (%.0f %%), %d undecodable%n", done, span,
                100.0 * done / Math.max(1, span), undecodable);
        console.flush();
    }
}
