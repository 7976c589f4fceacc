package dev.grpo.workflow.sft;

import dev.grpo.policy.FineTuneProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** The one line {@code grpo sft} rewrites in place while it trains: step, epoch, loss, tokens/s and ETA. */
public final class SftProgressLine {

    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter err;
    private long lastDraw;
    private float smoothedLoss = Float.NaN;

    /** @param err where the line goes (the terminal's error stream) */
    public SftProgressLine(PrintWriter err) {
        this.err = err;
    }

    /** Rewrites the line for a finished step, at most a few times a second (always for the last step). */
    public void show(FineTuneProgress progress) {
        smoothedLoss = Float.isNaN(smoothedLoss) ? progress.loss() : 0.9f * smoothedLoss + 0.1f * progress.loss();
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && progress.step() < progress.totalSteps()) {
            return;
        }
        lastDraw = now;
        err.print(String.format(Locale.ROOT, "\rstep %d/%d  epoch %d  loss %.4f  %,.0f tok/s  ETA %s ",
                progress.step(), progress.totalSteps(), progress.epoch(), smoothedLoss, progress.tokensPerSecond(),
                clock(progress.remaining())));
        err.flush();
    }

    /** Ends the live line, so what follows starts on a line of its own. */
    public void finish() {
        err.println();
        err.flush();
    }

    /** A duration as {@code mm:ss}. */
    public static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }
}
