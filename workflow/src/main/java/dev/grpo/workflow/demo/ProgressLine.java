package dev.grpo.workflow.demo;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** The one live line the demo rewrites in place after every learner step. */
public final class ProgressLine {

    private final PrintWriter out;
    private final int totalSteps;
    private final DoubleSupplier generatedTokens;
    private final Supplier<String> busyShares;
    private final long startNanos = System.nanoTime();

    /**
     * @param out where the line goes (the terminal's error stream)
     * @param totalSteps the step the run stops at
     * @param generatedTokens completion tokens the generators have produced so far
     * @param busyShares how busy the stages have been so far, e.g. {@code busy: learner 63 %, generators 81 %}
     */
    public ProgressLine(PrintWriter out, int totalSteps, DoubleSupplier generatedTokens, Supplier<String> busyShares) {
        this.out = out;
        this.totalSteps = totalSteps;
        this.generatedTokens = generatedTokens;
        this.busyShares = busyShares;
    }

    /** Rewrites the line for a finished step. */
    public synchronized void show(StepPoint point) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        out.print(String.format(Locale.ROOT,
                "\rstep %d/%d  reward %.3f  accuracy %5.1f %%  length %5.1f  lc %.3f  staleness ≤%d  %5.0f tok/s  %4.0f s  %s ",
                point.step(), totalSteps, point.meanReward(), 100 * point.accuracy(), point.meanLength(),
                point.languageConsistency(), point.maxStaleness(), generatedTokens.getAsDouble() / seconds, seconds,
                busyShares.get()));
        out.flush();
    }

    /** Ends the live line, so what follows starts on a line of its own. */
    public synchronized void finish() {
        out.println();
        out.flush();
    }
}
