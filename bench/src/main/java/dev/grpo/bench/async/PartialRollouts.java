package dev.grpo.bench.async;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which runs of the comparison take partial rollouts (in-flight weight updates): {@code --partial-rollouts}. */
public enum PartialRollouts {

    /** No run does: the generators take a new version only between groups. */
    OFF,
    /** Every run does. */
    ON,
    /**
     * Every bound η > 0 runs twice, without and then with partial rollouts. η = 0 runs once, without: the learner
     * waits for every group admitted for its version before it publishes the next, so no version arrives mid-group.
     */
    BOTH;

    /** @return the name used on the command line */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code --partial-rollouts}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static PartialRollouts fromLabel(String label) {
        return Arrays.stream(values()).filter(mode -> mode.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--partial-rollouts must be one of "
                        + Arrays.stream(values()).map(PartialRollouts::label).collect(Collectors.joining(", "))
                        + "; got '" + label + "'"));
    }

    /** @return the variants to run for these bounds, in their order, each bound's run without partial rollouts first */
    List<AsyncVariant> variants(List<Integer> stalenessBounds) {
        List<AsyncVariant> variants = new ArrayList<>();
        for (int eta : stalenessBounds) {
            if (this != ON) {
                variants.add(new AsyncVariant(eta, false));
            }
            if (this == ON || this == BOTH && eta > 0) {
                variants.add(new AsyncVariant(eta, true));
            }
        }
        return variants;
    }
}
