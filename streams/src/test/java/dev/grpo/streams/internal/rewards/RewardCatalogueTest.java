package dev.grpo.streams.internal.rewards;

import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RewardCatalogueTest {

    @Test
    void findsTheRuleRewardsThroughServiceLoader() {
        assertThat(RewardCatalogue.installed().names())
                .contains("accuracy", "format", "language_consistency", "answer_length");
    }

    @Test
    void aNewRewardIsOneClassPlusOneServiceLine() {
        // AnswerLengthReward (test sources) is listed in the test META-INF/services file, nothing else.
        List<RewardFunction> selected = RewardCatalogue.installed().select(List.of("answer_length"), Map.of());

        assertThat(selected.get(0).score(Completion.of("<answer>12345</answer>", "", "en")).value()).isEqualTo(5.0);
    }

    @Test
    void selectsInTheOrderGiven() {
        List<RewardFunction> selected = RewardCatalogue.installed().select(List.of("format", "accuracy"), Map.of());

        assertThat(selected).extracting(RewardFunction::name).containsExactly("format", "accuracy");
    }

    @Test
    void anUnknownNameIsRejectedWithTheInstalledNames() {
        assertThatThrownBy(() -> RewardCatalogue.installed().select(List.of("judge"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'judge'")
                .hasMessageContaining("accuracy");
    }
}
