package dev.grpo.bench.learner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * This process's CPU time and minor page faults so far, from Linux's {@code /proc/self/stat}. On a machine whose
 * other work slows the wall clock, the CPU and system time a step costs and the pages it faults in still show what the
 * native allocator does (a freed tensor whose pages go back to the kernel is faulted in again next step).
 *
 * @param userSeconds CPU time in user mode, all threads
 * @param systemSeconds CPU time in the kernel, all threads
 * @param minorFaults page faults served without disk
 */
public record ProcessCounters(double userSeconds, double systemSeconds, long minorFaults) {

    private static final Path STAT = Path.of("/proc/self/stat");

    /** Linux's USER_HZ, the unit of the times in {@code /proc/self/stat}: 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    /** @return the counters now, or empty where there is no {@code /proc/self/stat} (not Linux) */
    public static Optional<ProcessCounters> now() {
        if (!Files.isReadable(STAT)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readString(STAT)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STAT, e);
        }
    }

    /**
     * @param stat the line of {@code /proc/PID/stat}
     * @return its minor faults (field 10) and user and system times (fields 14 and 15)
     */
    static ProcessCounters parse(String stat) {
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its closing one
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcessCounters(Long.parseLong(fields[11]) / TICKS_PER_SECOND,
                Long.parseLong(fields[12]) / TICKS_PER_SECOND, Long.parseLong(fields[7]));
    }

    /**
     * @param earlier counters read before this one
     * @return what happened between the two
     */
    public ProcessCounters since(ProcessCounters earlier) {
        return new ProcessCounters(userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds,
                minorFaults - earlier.minorFaults);
    }
}
