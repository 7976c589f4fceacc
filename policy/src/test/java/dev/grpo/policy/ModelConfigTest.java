package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelConfigTest {

    @Test
    void roundTripsThroughJsonWithSnakeCaseKeys() {
        ModelConfig config = ModelPreset.DEMO.config(153);

        String json = config.toJson();

        assertThat(json).contains("\"vocab_size\" : 153", "\"d_model\" : 128", "\"positions\" : \"rotary\"",
                "\"norm\" : \"rms_norm\"", "\"mlp\" : \"swiglu\"");
        assertThat(ModelConfig.fromJson(json)).isEqualTo(config);
    }

    @Test
    void demoPresetIsTheSizeTheDemoBudgetAllows() {
        ModelConfig demo = ModelPreset.DEMO.config(153);

        assertThat(demo.layers()).isEqualTo(4);
        assertThat(demo.width()).isEqualTo(128);
        assertThat(demo.heads()).isEqualTo(4);
        assertThat(demo.feedForwardWidth()).isEqualTo(512);
        assertThat(demo.maxLength()).isEqualTo(256);
        assertThat(demo.headWidth()).isEqualTo(32);
    }

    @Test
    void changesOnlyTheMaxLength() {
        ModelConfig demo = ModelPreset.DEMO.config(153);

        ModelConfig longer = demo.withMaxLength(512);

        assertThat(longer.maxLength()).isEqualTo(512);
        assertThat(longer.withMaxLength(256)).isEqualTo(demo);
    }

    @Test
    void rejectsHeadsThatDoNotDivideTheWidth() {
        assertThatThrownBy(() -> new ModelConfig(10, 16, 1, 30, 4, 8, PositionEncoding.ROTARY,
                Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000, 1e-5))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("not divisible");
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThatThrownBy(() -> new ModelConfig(10, 16, 0, 32, 4, 8, PositionEncoding.ROTARY,
                Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000, 1e-5))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("layers");
    }

    @Test
    void rejectsMalformedOrIncompleteJson() {
        assertThatThrownBy(() -> ModelConfig.fromJson("{not json")).isInstanceOf(ModelConfigException.class);
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"vocab_size\": 10}"))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("must be > 0");
    }
}
