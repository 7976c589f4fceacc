package dev.grpo.coderewards.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one of the program's output pipes on its own thread, keeping at most {@code cap} bytes. Draining to the
 * end matters: a program blocked on a full pipe would otherwise look like a timeout. Going over the cap calls
 * {@code onOverflow} once (the sandbox kills the program), and everything after the cap is discarded.
 */
final class CappedOutput {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread drainer;
    private volatile boolean truncated;

    private CappedOutput(InputStream in, int cap, Runnable onOverflow, String name) {
        this.drainer = new Thread(() -> drain(in, cap, onOverflow), name);
        drainer.setDaemon(true);
    }

    /** Starts draining {@code in} at once. */
    static CappedOutput drain(InputStream in, int cap, Runnable onOverflow, String name) {
        CappedOutput output = new CappedOutput(in, cap, onOverflow, name);
        output.drainer.start();
        return output;
    }

    /** Waits until the pipe is closed (at most {@code millis}) and returns what was kept, as UTF-8 text. */
    String await(long millis) throws InterruptedException {
        drainer.join(millis);
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether the output went over the cap. */
    boolean truncated() {
        return truncated;
    }

    private void drain(InputStream in, int cap, Runnable onOverflow) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                keep(buffer, n, cap, onOverflow);
            }
        } catch (IOException closed) {
            // The pipe was closed under us because the run is over: what was kept stands.
        }
    }

    private void keep(byte[] buffer, int n, int cap, Runnable onOverflow) {
        synchronized (kept) {
            int room = cap - kept.size();
            kept.write(buffer, 0, Math.max(0, Math.min(room, n)));
            if (n > room && !truncated) {
                truncated = true;
                onOverflow.run();
            }
        }
    }
}
