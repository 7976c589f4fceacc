package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OptimizerConfigTest {

    @Test
    void warmsUpLinearlyThenDecaysAlongACosineToTheFinalFraction() {
        OptimizerConfig settings = OptimizerConfig.cosine(1e-3f, 200);

        assertThat(settings.warmupSteps()).isEqualTo(10);
        assertThat(settings.learningRateAt(5)).isCloseTo(5e-4f, within(1e-9f));
        assertThat(settings.learningRateAt(10)).isCloseTo(1e-3f, within(1e-9f));
        assertThat(settings.learningRateAt(105)).isCloseTo(5.5e-4f, within(1e-6f));
        assertThat(settings.learningRateAt(200)).isCloseTo(1e-4f, within(1e-9f));
        assertThat(settings.learningRateAt(400)).isCloseTo(1e-4f, within(1e-9f));
    }

    @Test
    void constantRateStaysPut() {
        OptimizerConfig settings = OptimizerConfig.constant(2e-4f);

        assertThat(settings.learningRateAt(1)).isEqualTo(2e-4f);
        assertThat(settings.learningRateAt(10_000)).isEqualTo(2e-4f);
    }

    @Test
    void rejectsANonPositiveLearningRate() {
        assertThatThrownBy(() -> OptimizerConfig.constant(0f)).isInstanceOf(IllegalArgumentException.class);
    }
}
