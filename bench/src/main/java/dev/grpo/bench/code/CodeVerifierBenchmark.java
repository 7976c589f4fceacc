package dev.grpo.bench.code;

import dev.grpo.coderewards.CodeVerifier;
import dev.grpo.coderewards.Verdict;
import dev.grpo.schemas.VerificationSpec;
import dev.grpo.schemas.VerificationSpec.TestCase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures what the code reward can score on this machine (a measurement, not a test): completions per second for
 * a typical stdin/stdout problem with 5 tests, judged through {@link CodeVerifier} (extraction, one sandbox per
 * test, output comparison) with 1 worker and with {@code workers} workers, alternating the two over the rounds.
 * {@code grpo bench code} is its entry point.
 */
public final class CodeVerifierBenchmark {

    private static final VerificationSpec SUM = new VerificationSpec.StdinStdout("python", List.of(
            new TestCase("3\n1 2 3\n", "6"), new TestCase("1\n7\n", "7"), new TestCase("5\n1 1 1 1 1\n", "5"),
            new TestCase("2\n-4 4\n", "0"), new TestCase("4\n10 20 30 40\n", "100")), Duration.ofSeconds(2), 256);
    private static final String COMPLETION = "<think>Sum the first n numbers.</think><answer>\n```python\nimport sys\n"
            + "n, *xs = map(int, sys.stdin.read().split())\nprint(sum(xs[:n]))\n```\n</answer>";

    private CodeVerifierBenchmark() {
    }

    /**
     * What to run.
     *
     * @param completions completions judged per round at each worker count
     * @param workers the parallel worker count compared with one worker
     * @param rounds rounds, each timing 1 worker then {@code workers} workers
     */
    public record Config(int completions, int workers, int rounds) {

        /** Default completions per round. */
        public static final int DEFAULT_COMPLETIONS = 20;
        /** Default rounds. */
        public static final int DEFAULT_ROUNDS = 3;

        /** Rejects counts below one. */
        public Config {
            if (completions < 1 || workers < 1 || rounds < 1) {
                throw new IllegalArgumentException("code verifier benchmark settings must all be >= 1: " + this);
            }
        }

        /** 20 completions, as many workers as CPU cores, 3 rounds. */
        public static Config defaults() {
            return new Config(DEFAULT_COMPLETIONS, Runtime.getRuntime().availableProcessors(), DEFAULT_ROUNDS);
        }
    }

    /**
     * Prints completions per second at 1 and at {@code workers} workers for each round, then their medians, to
     * {@code out}.
     *
     * @throws ExecutionException when a verification throws
     * @throws InterruptedException when interrupted while waiting for a verdict
     */
    public static void run(Config settings, PrintStream out) throws InterruptedException, ExecutionException {
        int completions = settings.completions();
        int workers = settings.workers();
        int rounds = settings.rounds();
        CodeVerifier verifier = CodeVerifier.installed();
        verifier.verify(SUM, COMPLETION, false);
        List<Double> single = new ArrayList<>();
        List<Double> parallel = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            single.add(rate(verifier, completions, 1));
            parallel.add(rate(verifier, completions, workers));
            out.printf(Locale.ROOT, "round %d: 1 worker %.2f completions/s, %d workers %.2f completions/s%n",
                    round + 1, single.get(round), workers, parallel.get(round));
        }
        out.printf(Locale.ROOT, "median: 1 worker %.2f/s (%.1f ms per test run), %d workers %.2f/s; "
                        + "%d completions x %d tests per round, %d cores%n", median(single),
                1000 / (median(single) * 5), workers, median(parallel), completions, 5,
                Runtime.getRuntime().availableProcessors());
    }

    private static double rate(CodeVerifier verifier, int completions, int workers)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            long start = System.nanoTime();
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (int i = 0; i < completions; i++) {
                verdicts.add(pool.submit(() -> verifier.verify(SUM, COMPLETION, false)));
            }
            for (Future<Verdict> verdict : verdicts) {
                if (!verdict.get().allPassed()) {
                    throw new IllegalStateException("benchmark completion failed: " + verdict.get().summary());
                }
            }
            return completions / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
