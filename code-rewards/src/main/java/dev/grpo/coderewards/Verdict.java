package dev.grpo.coderewards;

import java.util.Objects;

/**
 * The result of running a submitted program against its tests.
 *
 * @param passed how many tests passed
 * @param total how many tests the spec holds (1 for an assert spec)
 * @param failure why it did not pass, {@link Failure#NONE} when every test passed
 * @param reason the failure in words, e.g. "wrong answer on test 2 of 5: expected '3', got '4'" ("" when passed)
 */
public record Verdict(int passed, int total, Failure failure, String reason) {

    /** Checks the counts agree with the failure. */
    public Verdict {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(reason, "reason");
        if (total < 1 || passed < 0 || passed > total) {
            throw new IllegalArgumentException("passed " + passed + " of " + total + " tests");
        }
        if ((failure == Failure.NONE) != (passed == total)) {
            throw new IllegalArgumentException(failure + " with " + passed + " of " + total + " tests passed");
        }
    }

    /** Whether every test passed. */
    public boolean allPassed() {
        return failure == Failure.NONE;
    }

    /** The R1 score, 1 when every test passed else 0; or, when {@code partial}, the fraction of tests passed. */
    public double score(boolean partial) {
        return partial ? (double) passed / total : allPassed() ? 1.0 : 0.0;
    }

    /** Whether the sandbox, not the program, failed: such a verdict must not become a reward. */
    public boolean sandboxFailed() {
        return failure == Failure.SANDBOX_ERROR;
    }

    /** A one-line summary: "passed 5/5", or "passed 1/5: wrong answer on test 2 of 5: ...". */
    public String summary() {
        return "passed " + passed + "/" + total + (allPassed() ? "" : ": " + reason);
    }
}
