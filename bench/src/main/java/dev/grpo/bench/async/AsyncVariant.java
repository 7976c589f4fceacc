package dev.grpo.bench.async;

/**
 * What one run of the comparison varies: its staleness bound η and whether its generators take a new policy version
 * between decode steps (partial rollouts). Runs of the same variant in different rounds are medianed together.
 *
 * @param maxStaleness the staleness bound η
 * @param partialRollouts whether the generators take new versions mid-group
 */
public record AsyncVariant(int maxStaleness, boolean partialRollouts) {

    /** @return e.g. {@code eta 2} or {@code eta 2 partial} */
    public String label() {
        return "eta " + maxStaleness + (partialRollouts ? " partial" : "");
    }

    /** @return the run's folder name, e.g. {@code eta-2} or {@code eta-2-partial} */
    String folderName() {
        return label().replace(' ', '-');
    }
}
