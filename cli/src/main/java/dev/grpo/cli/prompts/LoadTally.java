package dev.grpo.cli.prompts;

import dev.grpo.producers.MalformedPromptException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What a load has done so far: prompts sent, and rows skipped by reason, for the progress and summary lines. */
final class LoadTally {

    private static final int REASONS_SHOWN = 3;

    private final Map<String, Long> skippedByReason = new LinkedHashMap<>();
    private long loaded;
    private long skipped;

    /** Counts one prompt sent. */
    void loaded() {
        loaded++;
    }

    /** Counts one row skipped, by what is wrong with it. */
    void skipped(MalformedPromptException e) {
        skipped++;
        skippedByReason.merge(e.detail(), 1L, Long::sum);
    }

    /** @return the prompts sent so far */
    long loadedCount() {
        return loaded;
    }

    /** @return the rows read so far */
    long rows() {
        return loaded + skipped;
    }

    /** @return the rows skipped so far */
    long skippedCount() {
        return skipped;
    }

    /** @return e.g. {@code skipped 2 (1 x field "answer" is missing or empty, 1 x ...)} */
    String skippedSummary() {
        if (skipped == 0) {
            return "skipped 0";
        }
        String reasons = skippedByReason.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(REASONS_SHOWN).map(reason -> reason.getValue() + " x " + reason.getKey())
                .collect(Collectors.joining(", "));
        int more = skippedByReason.size() - REASONS_SHOWN;
        return String.format(Locale.ROOT, "skipped %,d (%s%s)", skipped, reasons,
                more > 0 ? ", and " + more + " other reason(s)" : "");
    }
}
