package dev.grpo.coderewards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.schemas.DeadLetterReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScoringTallyTest {

    @Test
    void countsCommittedOutcomesAndReportsThemInOneLine() {
        ScoringTally tally = ScoringTally.empty()
                .plus(new CodeScoring.Scored(null, new Verdict(2, 2, Failure.NONE, "")))
                .plus(new CodeScoring.Scored(null, new Verdict(0, 2, Failure.TIMEOUT, "timeout")))
                .plus(new CodeScoring.Scored(null, new Verdict(1, 2, Failure.WRONG_ANSWER, "wrong answer")))
                .plus(new CodeScoring.Scored(null, new Verdict(0, 2, Failure.WRONG_ANSWER, "wrong answer")))
                .plus(new CodeScoring.Skipped())
                .plus(new CodeScoring.DeadLettered(null, DeadLetterReason.CORRUPT));

        assertThat(tally.line(ScoringTally.empty(), Duration.ofSeconds(2))).isEqualTo(
                "scored 4 (2.0/s): passed 1, failed 3 (wrong_answer 2, timeout 1); skipped 1, dead letters 1");
    }
}
