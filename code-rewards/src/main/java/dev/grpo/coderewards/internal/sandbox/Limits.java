package dev.grpo.coderewards.internal.sandbox;

import java.time.Duration;

/**
 * The resource limits of one sandboxed run. CPU seconds, address space, processes, file size and open files are
 * rlimits applied inside the sandbox; the wall time is enforced from Java by killing the whole process tree; the
 * output cap bounds what is kept of stdout and stderr (a program that exceeds it is killed).
 *
 * @param wallTime       wall-clock limit, including sandbox and interpreter start-up
 * @param cpuSeconds     RLIMIT_CPU of each process (soft; the hard limit is one second more)
 * @param memoryBytes    RLIMIT_AS (address space) of each process
 * @param maxProcesses   RLIMIT_NPROC: processes and threads of the sandbox's user, together
 * @param fileBytes      RLIMIT_FSIZE of each file, and the size of the private writable tmpfs
 * @param maxOpenFiles   RLIMIT_NOFILE
 * @param outputBytes    cap on each of stdout and stderr
 */
public record Limits(Duration wallTime, int cpuSeconds, long memoryBytes, int maxProcesses, long fileBytes,
                     int maxOpenFiles, int outputBytes) {

    /** Extra wall-clock time over a task's time limit for starting bubblewrap and the interpreter. */
    public static final Duration START_UP_GRACE = Duration.ofSeconds(1);

    /** Processes per run unless told otherwise: enough for a program with a few helpers, not for a fork bomb. */
    public static final int DEFAULT_PROCESSES = 32;

    /** Bytes kept of each of stdout and stderr unless told otherwise. */
    public static final int DEFAULT_OUTPUT_BYTES = 64 * 1024;

    /** Largest file (and total private scratch space) unless told otherwise. */
    public static final long DEFAULT_FILE_BYTES = 16L * 1024 * 1024;

    /** Open files unless told otherwise. */
    public static final int DEFAULT_OPEN_FILES = 64;

    /** Checks every limit is positive, naming the one that is not. */
    public Limits {
        if (wallTime == null || wallTime.isZero() || wallTime.isNegative()) {
            throw new IllegalArgumentException("wallTime must be positive, got " + wallTime);
        }
        positive("cpuSeconds", cpuSeconds);
        positive("memoryBytes", memoryBytes);
        positive("maxProcesses", maxProcesses);
        positive("fileBytes", fileBytes);
        positive("maxOpenFiles", maxOpenFiles);
        positive("outputBytes", outputBytes);
    }

    /**
     * The limits of a verification spec's {@code time_limit_s} and {@code memory_mb}: CPU seconds = the time
     * limit rounded up, wall time = the time limit plus {@link #START_UP_GRACE}, address space = memory_mb, and
     * the defaults for the rest.
     */
    public static Limits of(double timeLimitSeconds, int memoryMb) {
        if (!(timeLimitSeconds > 0) || Double.isInfinite(timeLimitSeconds)) {
            throw new IllegalArgumentException("time_limit_s must be a positive number, got " + timeLimitSeconds);
        }
        positive("memory_mb", memoryMb);
        Duration wall = Duration.ofMillis(Math.round(timeLimitSeconds * 1000)).plus(START_UP_GRACE);
        return new Limits(wall, (int) Math.ceil(timeLimitSeconds), memoryMb * 1024L * 1024L, DEFAULT_PROCESSES,
                DEFAULT_FILE_BYTES, DEFAULT_OPEN_FILES, DEFAULT_OUTPUT_BYTES);
    }

    /** The defaults: a 2 s time limit and 256 MB of address space. */
    public static Limits defaults() {
        return of(2, 256);
    }

    /** The same limits with another process count. */
    public Limits withMaxProcesses(int processes) {
        return new Limits(wallTime, cpuSeconds, memoryBytes, processes, fileBytes, maxOpenFiles, outputBytes);
    }

    /** The same limits with another output cap. */
    public Limits withOutputBytes(int bytes) {
        return new Limits(wallTime, cpuSeconds, memoryBytes, maxProcesses, fileBytes, maxOpenFiles, bytes);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
