package dev.grpo.streams;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RejectionCriteriaTest {

    @Test
    void theDefaultsKeepFourPerPromptWithLanguageConsistencyAtLeast095() {
        assertThat(RejectionCriteria.defaults()).isEqualTo(new RejectionCriteria(0.95, 4));
        assertThat(RejectionCriteria.defaults().description())
                .isEqualTo("accuracy=1 format=1 language_consistency>=0.95 k=4");
    }

    @Test
    void passesOnlyWithEveryComponentPresentAndGoodEnough() {
        RejectionCriteria criteria = new RejectionCriteria(0.5, 1);

        assertThat(criteria.passes(Map.of("accuracy", 1.0, "format", 1.0, "language_consistency", 0.5))).isTrue();
        assertThat(criteria.passes(Map.of("accuracy", 1.0, "format", 1.0, "language_consistency", 0.49))).isFalse();
        assertThat(criteria.passes(Map.of("accuracy", 0.999, "format", 1.0, "language_consistency", 1.0))).isFalse();
        assertThat(criteria.passes(Map.of("accuracy", 1.0, "language_consistency", 1.0))).isFalse();
        assertThat(criteria.passes(Map.of())).isFalse();
    }

    @Test
    void theDescriptionWritesTheThresholdWithoutTrailingZeros() {
        assertThat(new RejectionCriteria(1, 16).description()).isEqualTo("accuracy=1 format=1 language_consistency>=1 k=16");
        assertThat(new RejectionCriteria(0.875, 1).description()).contains(">=0.875 k=1");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN})
    void rejectsAThresholdOutsideZeroToOne(double threshold) {
        assertThatThrownBy(() -> new RejectionCriteria(threshold, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("language consistency");
    }

    @Test
    void rejectsAKBelowOne() {
        assertThatThrownBy(() -> new RejectionCriteria(0.9, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per prompt");
    }
}
