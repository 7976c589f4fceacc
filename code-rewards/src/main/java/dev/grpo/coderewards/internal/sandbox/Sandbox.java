package dev.grpo.coderewards.internal.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs one program of one language in a fresh, disposable bubblewrap sandbox (see {@link Bubblewrap} for what
 * is isolated) with the given stdin, and reports how it ended. The wall-clock limit is enforced here by killing
 * the whole process tree; going over the output cap kills it too. Nothing is ever run unsandboxed: when
 * bubblewrap is missing, construction fails. Thread-safe: each run has its own sandbox and threads.
 */
public final class Sandbox {

    /** Exit status of a bubblewrap that could not set the sandbox up (it then prints "bwrap: ..."). */
    private static final int SETUP_FAILED = 1;
    private static final int SIGNAL_BASE = 128;
    private static final int SIGXCPU = 24;
    private static final int SIGXFSZ = 25;
    private static final long PIPE_GRACE_MILLIS = 2_000;

    private final Language language;
    private final Bubblewrap bubblewrap;

    /**
     * A sandbox for programs of {@code language}.
     *
     * @throws SandboxUnavailableException when bubblewrap or util-linux's tools are not installed
     */
    public Sandbox(Language language) {
        this(language, Bubblewrap.installed());
    }

    /** A sandbox for programs of {@code language} run by the given bubblewrap. */
    Sandbox(Language language, Bubblewrap bubblewrap) {
        this.language = Objects.requireNonNull(language, "language");
        this.bubblewrap = Objects.requireNonNull(bubblewrap, "bubblewrap");
    }

    /** The language this sandbox runs. */
    public Language language() {
        return language;
    }

    /** Runs {@code program} with {@code stdin} under {@code limits}; never throws for anything the program does. */
    public Execution run(String program, String stdin, Limits limits) {
        long start = System.nanoTime();
        Path dir = null;
        try {
            dir = sourceDirectory(program);
            return execute(dir.resolve(language.fileName()), stdin, limits, start);
        } catch (IOException e) {
            return Execution.sandboxError("cannot start the sandbox: " + e.getMessage(), since(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Execution.sandboxError("interrupted while the program ran", since(start));
        } finally {
            deleteQuietly(dir);
        }
    }

    private Execution execute(Path source, String stdin, Limits limits, long start)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(bubblewrap.command(language, source, limits)).start();
        ProcessTree tree = new ProcessTree(process.toHandle());
        try {
            return supervise(process, tree, stdin, limits, start);
        } finally {
            if (process.isAlive()) {
                tree.kill(); // interrupted or failed mid-run: the program must not outlive it
            }
        }
    }

    private Execution supervise(Process process, ProcessTree tree, String stdin, Limits limits, long start)
            throws InterruptedException {
        AtomicBoolean overflowed = new AtomicBoolean();
        Runnable overflow = () -> {
            overflowed.set(true);
            tree.kill();
        };
        CappedOutput out = CappedOutput.drain(process.getInputStream(), limits.outputBytes(), overflow, "sandbox-out");
        CappedOutput err = CappedOutput.drain(process.getErrorStream(), limits.outputBytes(), overflow, "sandbox-err");
        feed(process.getOutputStream(), stdin);
        boolean finished = process.waitFor(limits.wallTime().toNanos(), TimeUnit.NANOSECONDS);
        if (!finished) {
            tree.kill();
            process.waitFor();
        }
        String stdout = out.await(PIPE_GRACE_MILLIS);
        String stderr = err.await(PIPE_GRACE_MILLIS);
        int status = finished ? process.exitValue() : -1;
        Outcome outcome = outcome(finished, overflowed.get(), status, stderr);
        return new Execution(outcome, overflowed.get() ? -1 : status, stdout, stderr,
                out.truncated() || err.truncated(), since(start));
    }

    private Outcome outcome(boolean finished, boolean overflowed, int status, String stderr) {
        if (overflowed || status == SIGNAL_BASE + SIGXFSZ) {
            return Outcome.OUTPUT_LIMIT;
        }
        if (!finished || status == SIGNAL_BASE + SIGXCPU) {
            return Outcome.TIMEOUT;
        }
        if (status == 0) {
            return Outcome.OK;
        }
        if (status == SETUP_FAILED && stderr.startsWith("bwrap: ")) {
            return Outcome.SANDBOX_ERROR;
        }
        if (stderr.contains(language.memoryError())) {
            return Outcome.MEMORY;
        }
        return status > SIGNAL_BASE ? Outcome.KILLED : Outcome.NONZERO_EXIT;
    }

    /** Writes stdin on its own thread, so a program that prints before it reads cannot deadlock the run. */
    private static void feed(OutputStream in, String stdin) {
        Thread feeder = new Thread(() -> {
            try (in) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException programStoppedReading) {
                // The program exited or closed stdin: what it did not read does not matter.
            }
        }, "sandbox-in");
        feeder.setDaemon(true);
        feeder.start();
    }

    /** A host directory only this run uses, holding the source; the unprivileged sandbox user may read it. */
    private Path sourceDirectory(String program) throws IOException {
        Path dir = Files.createTempDirectory("grpo-sandbox-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path source = dir.resolve(language.fileName());
        Files.writeString(source, program, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover source file in the host's temp directory is harmless; the result is what matters.
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
