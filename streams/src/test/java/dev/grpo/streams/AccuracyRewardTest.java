package dev.grpo.streams;

import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.RewardFunctionConfig;
import dev.grpo.streams.spi.Score;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccuracyRewardTest {

    private final RewardFunction accuracy = new AccuracyReward();

    @Test
    void aCorrectR1ZeroCompletionScoresOne() {
        Score score = accuracy.score(Completion.of("<think>123 + 456 = 579</think>\n<answer>579</answer>", "579", "en"));

        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.detail()).isEqualTo("CORRECT: 579");
    }

    @Test
    void aWrongAnswerScoresZeroAndSaysWhatWasRead() {
        Score score = accuracy.score(Completion.of("<think>...</think><answer>578</answer>", "579", "en"));

        assertThat(score.value()).isZero();
        assertThat(score.detail()).isEqualTo("WRONG: 578");
    }

    @Test
    void aHedgedAnswerScoresZero() {
        assertThat(accuracy.score(Completion.of("<answer>579 or 578</answer>", "579", "en")).value()).isZero();
    }

    @Test
    void theVersionNamesTheConfiguredBudget() {
        RewardFunction configured = accuracy.configured(new RewardFunctionConfig(Duration.ofMillis(250), Map.of()));

        assertThat(configured.version()).contains("timeout=250ms");
        assertThat(configured.name()).isEqualTo("accuracy");
    }
}
