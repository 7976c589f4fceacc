package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingConfigTest {

    @Test
    void takesGreedyLogProbsAtTemperatureOne() {
        assertThat(new SamplingConfig(0f, 1f, 5).greedy()).isTrue();
        assertThat(SamplingConfig.logProbTemperature(0f)).isEqualTo(1f);
        assertThat(SamplingConfig.logProbTemperature(0.6f)).isEqualTo(0.6f);
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> new SamplingConfig(-0.1f, 1f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplingConfig(Float.NaN, 1f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplingConfig(1f, 0f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplingConfig(1f, 1.5f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplingConfig(1f, 1f, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
