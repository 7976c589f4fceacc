package dev.grpo.coderewards;

import dev.grpo.coderewards.internal.sandbox.Execution;
import dev.grpo.coderewards.internal.sandbox.Language;
import dev.grpo.coderewards.internal.sandbox.Limits;
import dev.grpo.coderewards.internal.sandbox.Outcome;
import dev.grpo.coderewards.internal.sandbox.Sandbox;
import dev.grpo.coderewards.internal.verify.SubmittedProgram;
import dev.grpo.coderewards.internal.verify.UnrunnableSpecException;
import dev.grpo.schemas.VerificationSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Runs the program a completion submits against its verification spec, each test in a fresh sandbox. A stdin-stdout
 * test passes when the output equals the expected one after trailing whitespace is trimmed from every line (and
 * trailing blank lines dropped); an assert spec runs the program followed by the assertions as one program, which
 * passes when it exits with status 0. Thread-safe.
 */
public final class CodeVerifier {

    private static final int MAX_SHOWN = 120;
    /** Errors Python raises before running a line: the program does not compile. */
    private static final Pattern PYTHON_COMPILE_ERROR = Pattern.compile("^(SyntaxError|IndentationError|TabError)\\b");
    private static final Pattern ASSERTION_FAILED = Pattern.compile("^AssertionError\\b");

    private final Map<String, Sandbox> sandboxes;

    /** A verifier running each language with the sandbox given for it (by {@link Language#name()}). */
    public CodeVerifier(Map<String, Sandbox> sandboxes) {
        if (sandboxes.isEmpty()) {
            throw new IllegalArgumentException("a code verifier needs at least one language");
        }
        this.sandboxes = Map.copyOf(sandboxes);
    }

    /**
     * The verifier for the languages installed here (Python 3), in bubblewrap sandboxes.
     *
     * @throws dev.grpo.coderewards.internal.sandbox.SandboxUnavailableException when bubblewrap is not installed
     */
    public static CodeVerifier installed() {
        Language python = Language.python();
        return new CodeVerifier(Map.of(python.name(), new Sandbox(python)));
    }

    /** The languages this verifier runs. */
    public Set<String> languages() {
        return new TreeSet<>(sandboxes.keySet());
    }

    /**
     * The spec a rollout's {@code verification} text describes, checked to be runnable here: the one place both the
     * code-reward stage and the {@link CodeReward} function parse and classify a spec.
     *
     * @throws UnrunnableSpecException when the text is not a valid spec ({@link UnrunnableSpecException.Kind#MALFORMED})
     *     or names a language that is not one of {@link #languages()}
     */
    public VerificationSpec spec(String verification) {
        VerificationSpec spec;
        try {
            spec = VerificationSpec.parse(verification);
        } catch (IllegalArgumentException malformed) {
            throw new UnrunnableSpecException(UnrunnableSpecException.Kind.MALFORMED,
                    "malformed verification spec: " + malformed.getMessage());
        }
        sandbox(spec);
        return spec;
    }

    /**
     * Verifies the program in {@code completion} against {@code spec}. With {@code allTests} every test runs (for a
     * partial score); otherwise the first failing test ends the run, as the all-or-nothing score needs no more.
     *
     * @throws UnrunnableSpecException when the spec's language is not one of {@link #languages()}
     */
    public Verdict verify(VerificationSpec spec, String completion, boolean allTests) {
        Sandbox sandbox = sandbox(spec);
        int total = spec instanceof VerificationSpec.StdinStdout io ? io.tests().size() : 1;
        Optional<String> program = SubmittedProgram.of(completion);
        if (program.isEmpty()) {
            return new Verdict(0, total, Failure.NO_PROGRAM, "no program: the completion has no fenced code block "
                    + "and no answer");
        }
        Runner runner = new Runner(sandbox, spec);
        return spec instanceof VerificationSpec.StdinStdout io
                ? stdinStdout(runner, program.get(), io.tests(), allTests)
                : asserted(runner, program.get() + "\n\n" + ((VerificationSpec.Assert) spec).code() + "\n");
    }

    private Sandbox sandbox(VerificationSpec spec) {
        Sandbox sandbox = sandboxes.get(spec.language());
        if (sandbox == null) {
            throw new UnrunnableSpecException(UnrunnableSpecException.Kind.UNSUPPORTED_LANGUAGE, "verification language '"
                    + spec.language() + "' is not supported here; supported: " + languages());
        }
        return sandbox;
    }

    /**
     * Runs programs under a spec's limits. The sandbox allows a second of start-up grace beyond the time limit and
     * counts CPU time, not sleep: a run that ended within those but later than the time limit itself is a timeout
     * here, so a program cannot print the right answer after its time is up.
     */
    private record Runner(Sandbox sandbox, Duration timeLimit, Limits limits) {

        Runner(Sandbox sandbox, VerificationSpec spec) {
            this(sandbox, spec.timeLimit(), Limits.of(spec.timeLimit().toMillis() / 1000.0, spec.memoryMb()));
        }

        Execution run(String program, String stdin) {
            Execution run = sandbox.run(program, stdin, limits);
            return run.outcome() == Outcome.OK && run.wallTime().compareTo(timeLimit) > 0
                    ? new Execution(Outcome.TIMEOUT, run.exitStatus(), run.stdout(), run.stderr(), run.truncated(),
                            run.wallTime())
                    : run;
        }
    }

    private static Verdict stdinStdout(Runner runner, String program, List<VerificationSpec.TestCase> tests,
            boolean allTests) {
        int passed = 0;
        Failure first = Failure.NONE;
        String reason = "";
        for (int k = 0; k < tests.size(); k++) {
            VerificationSpec.TestCase test = tests.get(k);
            Execution run = runner.run(program, test.input());
            Failure failure = failureOf(run);
            if (failure == Failure.NONE && !sameOutput(run.stdout(), test.output())) {
                failure = Failure.WRONG_ANSWER;
            }
            if (failure == Failure.NONE) {
                passed++;
                continue;
            }
            if (first == Failure.NONE) {
                first = failure;
                reason = describe(failure, run, runner) + " on test " + (k + 1) + " of " + tests.size()
                        + (failure == Failure.WRONG_ANSWER ? ": expected " + shown(test.output()) + ", got "
                                + shown(run.stdout()) : "");
            }
            // A program that does not compile, or a broken sandbox, fails every test the same way.
            if (!allTests || failure == Failure.COMPILE_ERROR || failure == Failure.SANDBOX_ERROR) {
                break;
            }
        }
        return new Verdict(passed, tests.size(), first, reason);
    }

    private static Verdict asserted(Runner runner, String program) {
        Execution run = runner.run(program, "");
        Failure failure = failureOf(run);
        if (failure == Failure.RUNTIME_ERROR && ASSERTION_FAILED.matcher(lastLine(run.stderr())).find()) {
            failure = Failure.WRONG_ANSWER;
        }
        return failure == Failure.NONE ? new Verdict(1, 1, Failure.NONE, "")
                : new Verdict(0, 1, failure, describe(failure, run, runner));
    }

    /** How a run failed, as far as the sandbox tells; a non-zero exit that is no compile error is a runtime error. */
    private static Failure failureOf(Execution run) {
        return switch (run.outcome()) {
            case OK -> Failure.NONE;
            case NONZERO_EXIT -> PYTHON_COMPILE_ERROR.matcher(lastLine(run.stderr())).find()
                    ? Failure.COMPILE_ERROR : Failure.RUNTIME_ERROR;
            case TIMEOUT -> Failure.TIMEOUT;
            case MEMORY -> Failure.MEMORY;
            case OUTPUT_LIMIT -> Failure.OUTPUT_LIMIT;
            case KILLED -> Failure.KILLED;
            case SANDBOX_ERROR -> Failure.SANDBOX_ERROR;
        };
    }

    private static String describe(Failure failure, Execution run, Runner runner) {
        Limits limits = runner.limits();
        return switch (failure) {
            case COMPILE_ERROR -> "compile error: " + shorten(lastLine(run.stderr()));
            case RUNTIME_ERROR -> "runtime error (exit status " + run.exitStatus() + "): "
                    + shorten(lastLine(run.stderr()));
            case WRONG_ANSWER -> run.stderr().isBlank() ? "wrong answer"
                    : "wrong answer: " + shorten(lastLine(run.stderr()));
            case TIMEOUT -> "timeout (limit " + runner.timeLimit().toMillis() / 1000.0 + " s)";
            case MEMORY -> "memory limit (" + limits.memoryBytes() / (1024 * 1024) + " MB)";
            case OUTPUT_LIMIT -> "output limit (" + limits.outputBytes() + " bytes)";
            case KILLED -> "killed (exit status " + run.exitStatus() + ")";
            case SANDBOX_ERROR -> "sandbox error: " + shorten(run.stderr().strip());
            case NONE, NO_PROGRAM -> failure.name().toLowerCase();
        };
    }

    /** Equal after trailing whitespace is trimmed from every line and trailing blank lines are dropped. */
    static boolean sameOutput(String actual, String expected) {
        return normalised(actual).equals(normalised(expected));
    }

    private static String normalised(String output) {
        String[] lines = output.replace("\r\n", "\n").split("\n", -1);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.stripTrailing()).append('\n');
        }
        return text.toString().stripTrailing();
    }

    private static String lastLine(String text) {
        String stripped = text.stripTrailing();
        return stripped.substring(stripped.lastIndexOf('\n') + 1).strip();
    }

    private static String shown(String output) {
        return "'" + shorten(normalised(output).replace("\n", "\\n")) + "'";
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
    }
}
