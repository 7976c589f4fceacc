package dev.grpo.coderewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A verdict's score: all or nothing as in DeepSeek-R1, or the fraction passed when partial. */
class VerdictTest {

    @Test
    void allTestsPassedScoresOneEitherWay() {
        Verdict passed = new Verdict(5, 5, Failure.NONE, "");
        assertThat(passed.score(false)).isEqualTo(1.0);
        assertThat(passed.score(true)).isEqualTo(1.0);
        assertThat(passed.summary()).isEqualTo("passed 5/5");
    }

    @Test
    void oneFailedTestScoresZeroUnlessPartial() {
        Verdict failed = new Verdict(4, 5, Failure.WRONG_ANSWER, "wrong answer on test 5 of 5");
        assertThat(failed.score(false)).isZero();
        assertThat(failed.score(true)).isEqualTo(0.8);
        assertThat(failed.summary()).isEqualTo("passed 4/5: wrong answer on test 5 of 5");
    }

    @Test
    void countsMustAgreeWithTheFailure() {
        assertThatThrownBy(() -> new Verdict(5, 5, Failure.TIMEOUT, "x")).hasMessageContaining("TIMEOUT with 5 of 5");
        assertThatThrownBy(() -> new Verdict(2, 5, Failure.NONE, "")).hasMessageContaining("NONE with 2 of 5");
        assertThatThrownBy(() -> new Verdict(6, 5, Failure.NONE, "")).hasMessageContaining("passed 6 of 5");
    }

    @Test
    void onlyASandboxErrorIsTheSandboxsFault() {
        assertThat(new Verdict(0, 1, Failure.SANDBOX_ERROR, "bwrap: cannot").sandboxFailed()).isTrue();
        assertThat(new Verdict(0, 1, Failure.KILLED, "killed").sandboxFailed()).isFalse();
    }
}
