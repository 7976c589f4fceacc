package dev.grpo.coderewards;

import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunctionConfig;
import dev.grpo.streams.spi.Score;
import dev.grpo.streams.spi.UnscorableCompletionException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The code reward as the offline scorer and the stage use it: score, detail, and what cannot be scored. */
class CodeRewardTest {

    private static final String SPEC = "{\"kind\": \"stdin-stdout\", \"language\": \"python\", \"tests\": ["
            + "{\"input\": \"2\\n\", \"output\": \"4\\n\"}, {\"input\": \"3\\n\", \"output\": \"9\\n\"}]}";
    private static final String SQUARE = "```python\nn = int(input())\nprint(n * n)\n```";
    private static final String DOUBLE = "```python\nn = int(input())\nprint(n + n)\n```";

    private final CodeVerifier verifier = CodeVerifier.installed();

    @Test
    void scoresOneWhenEveryTestPasses() {
        Score score = new CodeReward(verifier, false).score(completion(SQUARE, SPEC));
        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.detail()).isEqualTo("passed 2/2");
    }

    @Test
    void scoresZeroWithTheReasonOrTheFractionWhenPartial() {
        Score strict = new CodeReward(verifier, false).score(completion(DOUBLE, SPEC));
        assertThat(strict.value()).isZero();
        assertThat(strict.detail()).isEqualTo("passed 1/2: wrong answer on test 2 of 2: expected '9', got '6'");
        assertThat(new CodeReward(verifier, true).score(completion(DOUBLE, SPEC)).value()).isEqualTo(0.5);
    }

    @Test
    void aCompletionWithoutAUsableSpecCannotBeScored() {
        CodeReward reward = new CodeReward(verifier, false);
        assertThatThrownBy(() -> reward.score(completion(SQUARE, ""))).isInstanceOf(UnscorableCompletionException.class)
                .hasMessageContaining("no verification spec");
        assertThatThrownBy(() -> reward.score(completion(SQUARE, "{\"kind\": \"stdin-stdout\"}")))
                .isInstanceOf(UnscorableCompletionException.class).hasMessageStartingWith("malformed verification spec");
        assertThatThrownBy(() -> reward.score(completion(SQUARE, SPEC.replace("python", "cobol"))))
                .isInstanceOf(UnscorableCompletionException.class).hasMessageContaining("'cobol' is not supported");
    }

    @Test
    void theRewardConfigurationTurnsPartialScoringOn() {
        CodeReward configured = (CodeReward) new CodeReward(verifier, false)
                .configured(new RewardFunctionConfig(Duration.ofSeconds(1), Map.of("partial", "true")));
        assertThat(configured.partial()).isTrue();
        assertThat(configured.score(completion(DOUBLE, SPEC)).value()).isEqualTo(0.5);
        assertThatThrownBy(() -> configured.configured(new RewardFunctionConfig(Duration.ofSeconds(1), Map.of("partial", "yes"))))
                .hasMessage("reward config: option.code.partial must be true or false, got 'yes'");
    }

    @Test
    void itsVersionNamesTheScoringRule() {
        assertThat(new CodeReward(verifier, false).version()).isEqualTo("code-1/all-tests/python");
        assertThat(new CodeReward(verifier, true).version()).isEqualTo("code-1/partial/python");
    }

    private static Completion completion(String text, String verification) {
        return new Completion("Write a program.", text, "", "en", "code", 0, 0, "STOP", verification);
    }
}
