package dev.grpo.workflow.pretrain;

import dev.grpo.policy.PretrainProgress;
import java.io.PrintWriter;
import java.time.Duration;

/** One self-overwriting line on stderr: bar, step/total, loss, tokens/s and ETA, redrawn a few times a second. */
final class PretrainProgressLine {

    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private long lastDraw;
    private float smoothedLoss = Float.NaN;

    PretrainProgressLine(PrintWriter err) {
        this.err = err;
    }

    void show(PretrainProgress progress) {
        smoothedLoss = Float.isNaN(smoothedLoss) ? progress.loss() : 0.9f * smoothedLoss + 0.1f * progress.loss();
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && progress.step() < progress.totalSteps()) {
            return;
        }
        lastDraw = now;
        int filled = BAR_WIDTH * progress.step() / progress.totalSteps();
        err.printf("\r[%s%s] %d/%d  loss %.3f  %,.0f tok/s  ETA %s ", "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled), progress.step(), progress.totalSteps(), smoothedLoss,
                progress.tokensPerSecond(), clock(progress.remaining()));
        err.flush();
    }

    void finish() {
        err.println();
        err.flush();
    }

    /** {@code mm:ss}. */
    static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%02d:%02d", seconds / 60, seconds % 60);
    }
}
