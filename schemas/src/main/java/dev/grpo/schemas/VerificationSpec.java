package dev.grpo.schemas;

import java.time.Duration;
import java.util.List;

/**
 * What verifies a code task: the program is run in a sandbox and passes or fails. On the wire it is JSON text
 * ({@code Prompt.verification}, {@code Rollout.verification}) so that consumers in any language read it unchanged;
 * this is its typed view. The language is any string: the stage that runs the program decides which it supports.
 */
public sealed interface VerificationSpec permits VerificationSpec.StdinStdout, VerificationSpec.Assert {

    /** The time limit of a spec that names none. */
    Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);

    /** The memory limit, in MiB, of a spec that names none. */
    int DEFAULT_MEMORY_MB = 256;

    /**
     * Reads a spec from its JSON text.
     *
     * @throws IllegalArgumentException with a one-line message naming the offending field when the text is not a
     *     valid spec
     */
    static VerificationSpec parse(String json) {
        return VerificationJson.parse(json);
    }

    /** The {@code kind} this spec is written with, e.g. {@code stdin-stdout}. */
    String kind();

    /** The programming language of the program under test, e.g. {@code python}. */
    String language();

    /** Wall-clock limit of one run of the program. */
    Duration timeLimit();

    /** Memory limit of one run of the program, in MiB. */
    int memoryMb();

    /** The spec as compact JSON text, in the shape {@link #parse} reads (every field written, defaults included). */
    default String toJson() {
        return VerificationJson.write(this);
    }

    /** One test of a stdin-stdout spec: what the program reads and what it must print. */
    record TestCase(String input, String output) {

        /** Checks that both texts are present. */
        public TestCase {
            requirePresent(input, "input");
            requirePresent(output, "output");
        }
    }

    /**
     * The program reads each test's input on stdin and must print its output (compared after trimming trailing
     * whitespace of every line); it passes when every test does.
     */
    record StdinStdout(String language, List<TestCase> tests, Duration timeLimit, int memoryMb)
            implements VerificationSpec {

        /** The {@code kind} of this spec in JSON. */
        public static final String KIND = "stdin-stdout";

        /** Checks the fields and keeps an immutable copy of the tests. */
        public StdinStdout {
            requireLanguage(language);
            requirePresent(tests, "tests");
            if (tests.isEmpty()) {
                throw new IllegalArgumentException("tests: must hold at least one test");
            }
            tests = List.copyOf(tests);
            requireLimits(timeLimit, memoryMb);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** The program followed by the assertion code runs as one program; it passes when that exits with status 0. */
    record Assert(String language, String code, Duration timeLimit, int memoryMb) implements VerificationSpec {

        /** The {@code kind} of this spec in JSON. */
        public static final String KIND = "assert";

        /** Checks the fields. */
        public Assert {
            requireLanguage(language);
            requirePresent(code, "code");
            if (code.isBlank()) {
                throw new IllegalArgumentException("code: must not be blank");
            }
            requireLimits(timeLimit, memoryMb);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    private static void requirePresent(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": missing");
        }
    }

    private static void requireLanguage(String language) {
        requirePresent(language, "language");
        if (language.isBlank()) {
            throw new IllegalArgumentException("language: must not be blank");
        }
    }

    private static void requireLimits(Duration timeLimit, int memoryMb) {
        requirePresent(timeLimit, "time_limit_s");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("time_limit_s: must be positive, was " + timeLimit.toMillis() / 1000.0);
        }
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("memory_mb: must be positive, was " + memoryMb);
        }
    }
}
