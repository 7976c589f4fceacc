package dev.grpo.policy.sampling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingSettingsTest {

    @Test
    void takesGreedyLogProbsAtTemperatureOne() {
        assertThat(new SamplingSettings(0f, 1f, 5).greedy()).isTrue();
        assertThat(SamplingSettings.logProbTemperature(0f)).isEqualTo(1f);
        assertThat(SamplingSettings.logProbTemperature(0.6f)).isEqualTo(0.6f);
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> new SamplingSettings(-0.1f, 1f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplingSettings(Float.NaN, 1f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplingSettings(1f, 0f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplingSettings(1f, 1.5f, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplingSettings(1f, 1f, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
