package dev.grpo.coderewards.sandbox;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Measures the sandbox on this machine (a measurement, not a test): programs per second for a typical
 * stdin/stdout problem with 5 tests run one after another, and the start-up overhead of bubblewrap per program
 * (sandboxed "hello" against plain {@code /usr/bin/python3}). Run it from the repository root with
 * <pre>
 * mvn -B -q -o test-compile -pl code-rewards
 * java -cp code-rewards/target/classes:code-rewards/target/test-classes \
 *     dev.grpo.coderewards.sandbox.SandboxBenchmark [programs]
 * </pre>
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

    /** Prints the two measurements; the optional argument is the number of programs (default 20). */
    public static void main(String[] args) {
        int programs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
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
        System.out.printf(Locale.ROOT, "%d programs x %d tests in %.2f s: %.2f programs/s, %.1f ms per run%n",
                programs, TESTS.size(), seconds, programs / seconds, seconds * 1000 / (programs * TESTS.size()));

        int runs = programs * TESTS.size();
        double sandboxed = millisPerRun(runs, () -> require(sandbox.run("print('hello')", "", limits)));
        double plain = millisPerRun(runs, SandboxBenchmark::plainHello);
        System.out.printf(Locale.ROOT, "hello: sandboxed %.1f ms, plain /usr/bin/python3 %.1f ms, overhead %.1f ms%n",
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
