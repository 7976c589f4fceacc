package dev.grpo.coderewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.coderewards.internal.verify.UnrunnableSpecException;
import dev.grpo.schemas.VerificationSpec.TestCase;
import dev.grpo.schemas.VerificationSpec;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Completions judged against a stdin-stdout problem (sum the first n numbers; three tests) and an assert problem
 * ({@code add}): right and wrong solutions, programs that do not compile, crash, print the right answer too late,
 * exhaust memory or flood stdout. Each gets the right verdict and a reason naming the failure and the test.
 */
class CodeVerifierTest {

    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final VerificationSpec SUM = new VerificationSpec.StdinStdout("python", List.of(
            new TestCase("3\n1 2 3\n", "6\n"), new TestCase("1\n7\n", "7"), new TestCase("2\n-4 4 9\n", "0\n")),
            LIMIT, 128);
    private static final VerificationSpec ADD = new VerificationSpec.Assert("python",
            "assert add(2, 3) == 5\nassert add(-1, 1) == 0", LIMIT, 128);

    private final CodeVerifier verifier = CodeVerifier.installed();

    /** One completion, the spec it is judged against, and the verdict it must get. */
    record Case(String name, VerificationSpec spec, String completion, Failure failure, int passed, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> completions() {
        return Stream.of(
                new Case("correct", SUM, answer("import sys\nn, *xs = map(int, sys.stdin.read().split())\n"
                        + "print(sum(xs[:n]))"), Failure.NONE, 3, ""),
                new Case("trailing spaces and blank lines are not differences", SUM,
                        answer("import sys\nn, *xs = map(int, sys.stdin.read().split())\nprint(sum(xs[:n]), '  ')\n"
                                + "print()\nprint('   ')"), Failure.NONE, 3, ""),
                new Case("wrong on the third test", SUM, answer("import sys\nn, *xs = map(int, sys.stdin.read().split())\n"
                        + "print(sum(xs))"), Failure.WRONG_ANSWER, 2, "wrong answer on test 3 of 3: expected '0', got '9'"),
                new Case("syntax error", SUM, answer("def solve(:\n    pass"), Failure.COMPILE_ERROR, 0,
                        "compile error: SyntaxError"),
                new Case("indentation error", SUM, answer("if True:\nprint(1)"), Failure.COMPILE_ERROR, 0,
                        "compile error: IndentationError"),
                new Case("crashes", SUM, answer("raise ValueError('no input parsing yet')"), Failure.RUNTIME_ERROR, 0,
                        "runtime error (exit status 1): ValueError: no input parsing yet on test 1 of 3"),
                new Case("right answer only after the time limit", SUM, answer("import sys, time\n"
                        + "n, *xs = map(int, sys.stdin.read().split())\ntime.sleep(1.6)\nprint(sum(xs[:n]))"),
                        Failure.TIMEOUT, 0, "timeout (limit 1.0 s) on test 1 of 3"),
                new Case("infinite loop", SUM, answer("while True:\n    pass"), Failure.TIMEOUT, 0, "timeout"),
                new Case("memory bomb", SUM, answer("x = bytearray(1 << 30)"), Failure.MEMORY, 0,
                        "memory limit (128 MB) on test 1 of 3"),
                new Case("100 MB print", SUM, answer("import sys\nfor _ in range(100):\n    sys.stdout.write('x' * 1_000_000)"),
                        Failure.OUTPUT_LIMIT, 0, "output limit"),
                new Case("kills itself", SUM, answer("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
                        Failure.KILLED, 0, "killed (exit status 137)"),
                new Case("no program at all", SUM, "<think>hmm</think> the answer is to sum them", Failure.NO_PROGRAM, 0,
                        "no program"),
                new Case("assertions hold", ADD, answer("def add(a, b):\n    return a + b"), Failure.NONE, 1, ""),
                new Case("an assertion fails", ADD, answer("def add(a, b):\n    return a - b"), Failure.WRONG_ANSWER, 0,
                        "wrong answer: AssertionError"),
                new Case("the function is missing", ADD, answer("def plus(a, b):\n    return a + b"),
                        Failure.RUNTIME_ERROR, 0, "NameError: name 'add' is not defined"),
                new Case("assert program does not compile", ADD, answer("def add(a, b) return a + b"),
                        Failure.COMPILE_ERROR, 0, "compile error: SyntaxError"));
    }

    @ParameterizedTest
    @MethodSource("completions")
    void judgesEachCompletion(Case given) {
        Verdict verdict = verifier.verify(given.spec(), given.completion(), true);

        assertThat(verdict.failure()).as(verdict.summary()).isEqualTo(given.failure());
        assertThat(verdict.passed()).as(verdict.summary()).isEqualTo(given.passed());
        assertThat(verdict.reason()).contains(given.reason());
    }

    @Test
    void allOrNothingStopsAtTheFirstFailingTest() {
        String wrongFirst = answer("import sys\nn, *xs = map(int, sys.stdin.read().split())\n"
                + "print(sum(xs[:n]) if n != 3 else -1)");

        assertThat(verifier.verify(SUM, wrongFirst, false).passed()).isZero();
        Verdict every = verifier.verify(SUM, wrongFirst, true);
        assertThat(every.passed()).isEqualTo(2);
        assertThat(every.reason()).startsWith("wrong answer on test 1 of 3");
        assertThat(every.score(true)).isEqualTo(2.0 / 3);
        assertThat(every.score(false)).isZero();
    }

    @Test
    void aLanguageWithoutSandboxIsRefusedNotFailed() {
        VerificationSpec java = new VerificationSpec.Assert("java", "assert true;", LIMIT, 128);
        assertThatThrownBy(() -> verifier.verify(java, answer("class A {}"), false))
                .isInstanceOfSatisfying(UnrunnableSpecException.class,
                        unrunnable -> assertThat(unrunnable.kind()).isEqualTo(UnrunnableSpecException.Kind.UNSUPPORTED_LANGUAGE))
                .hasMessage("verification language 'java' is not supported here; supported: [python]");
    }

    @Test
    void aSpecThatIsNotValidJsonOfAKnownKindIsMalformed() {
        assertThatThrownBy(() -> verifier.spec("{\"kind\": \"stdin-stdout\"}"))
                .isInstanceOfSatisfying(UnrunnableSpecException.class,
                        unrunnable -> assertThat(unrunnable.kind()).isEqualTo(UnrunnableSpecException.Kind.MALFORMED))
                .hasMessageStartingWith("malformed verification spec: ");
    }

    @Test
    void aSpecIsRunnableOnlyInALanguageWithASandbox() {
        assertThat(verifier.spec(SUM.toJson())).isEqualTo(SUM);
        assertThatThrownBy(() -> verifier.spec(SUM.toJson().replace("\"python\"", "\"rust\"")))
                .isInstanceOfSatisfying(UnrunnableSpecException.class, unrunnable -> assertThat(unrunnable.kind())
                        .isEqualTo(UnrunnableSpecException.Kind.UNSUPPORTED_LANGUAGE))
                .hasMessage("verification language 'rust' is not supported here; supported: [python]");
    }

    @Test
    void outputsAreComparedLineByLineAfterTrimmingTrailingWhitespace() {
        assertThat(CodeVerifier.sameOutput("1 2  \r\n3\t\n\n\n", "1 2\n3")).isTrue();
        assertThat(CodeVerifier.sameOutput(" 1 2\n3", "1 2\n3")).as("leading whitespace matters").isFalse();
        assertThat(CodeVerifier.sameOutput("1\n\n2", "1\n2")).as("inner blank lines matter").isFalse();
    }

    private static String answer(String program) {
        return "<think>Read the input, then compute.</think><answer>\n```python\n" + program + "\n```\n</answer>";
    }
}
