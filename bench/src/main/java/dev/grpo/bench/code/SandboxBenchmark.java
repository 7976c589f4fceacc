package dev.grpo.bench.code;

import dev.grpo.coderewards.internal.sandbox.Execution;
import dev.grpo.coderewards.internal.sandbox.Language;
import dev.grpo.coderewards.internal.sandbox.Limits;
import dev.grpo.coderewards.internal.sandbox.Outcome;
import dev.grpo.coderewards.internal.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Measures the sandbox on this machine (a measurement, not a test): programs per second for a typical
 * stdin/stdout problem with 5 tests run one after another, and the start-up overhead of bubblewrap per program
 * (sandboxed "hello" against plain {@code /usr/bin/python3}). {@code grpo bench sandbox} is its entry point.
 */
public final class SandboxBenchmark {

    private static final String SOLUTION = """
            import sys
            n, *xs = map(int, sys.stdin.read().split())
            print(sum(xs[:n]))
            """;
    private static final List<String> TESTS = List.of("3\n1 2 3\n", "1\n7\n", "5\n1 1 1 1 1\n", "2\n-4 4\n",
            "4\n10 20 30 40\n");

    private SandboxBenchmark() {
    }

    /**
     * What to run.
     *
     * @param programs programs judged, each against every test, one after another
     */
    public record Config(int programs) {

        /** Default number of programs. */
        public static final int DEFAULT_PROGRAMS = 20;

        /** Rejects fewer than one program. */
        public Config {
            if (programs < 1) {
                throw new IllegalArgumentException("sandbox benchmark needs at least 1 program, got " + programs);
            }
        }

        /** 20 programs. */
        public static Config defaults() {
            return new Config(DEFAULT_PROGRAMS);
        }
    }

    /** Prints the two measurements to {@code out}. */
    public static void run(Config settings, PrintStream out) {
        int programs = settings.programs();
        Sandbox sandbox = new Sandbox(Language.python());
        Limits limits = Limits.defaults();
        sandbox.run("print('warm-up')", "", limits);

        long start = System.nanoTime();
        for (int p = 0; p < programs; p++) {
            for (String test : TESTS) {
                require(sandbox.run(SOLUTION, test, limits));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%d programs x %d tests in %.2f s: %.2f programs/s, %.1f ms per run%n",
                programs, TESTS.size(), seconds, programs / seconds, seconds * 1000 / (programs * TESTS.size()));

        int runs = programs * TESTS.size();
        double sandboxed = millisPerRun(runs, () -> require(sandbox.run("print('hello')", "", limits)));
        double plain = millisPerRun(runs, SandboxBenchmark::plainHello);
        out.printf(Locale.ROOT, "hello: sandboxed %.1f ms, plain /usr/bin/python3 %.1f ms, overhead %.1f ms%n",
                sandboxed, plain, sandboxed - plain);
    }

    private static void require(Execution run) {
        if (run.outcome() != Outcome.OK) {
            throw new IllegalStateException("benchmark run failed: " + run);
        }
    }

    private static void plainHello() {
        try {
            Process process = new ProcessBuilder("/usr/bin/python3", "-I", "-c", "print('hello')")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            process.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run /usr/bin/python3: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double millisPerRun(int runs, Runnable run) {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            run.run();
        }
        return (System.nanoTime() - start) / 1e6 / runs;
    }
}
