package dev.grpo.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.policy.TinyHfModels.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HfConfigReaderTest {

    @Test
    void readsGroupedQueryAttentionHeadWidthBiasesNormsAndSpecialIds() {
        ModelConfig qwen3 = ModelConfig.fromJson(TinyHfModels.config(Family.QWEN3, 64).toString());
        assertThat(qwen3.headWidth()).isEqualTo(16);
        assertThat(qwen3.kvHeads()).isEqualTo(2);
        assertThat(qwen3.huggingFace().qkNorm()).isTrue();
        assertThat(qwen3.huggingFace().qkvBias()).isFalse();
        assertThat(qwen3.maxLength()).isEqualTo(256);
        assertThat(qwen3.ropeTheta()).isEqualTo(1_000_000.0);

        ModelConfig qwen2 = ModelConfig.fromJson(TinyHfModels.config(Family.QWEN2, 64).toString());
        assertThat(qwen2.huggingFace().qkvBias()).isTrue();
        assertThat(qwen2.huggingFace().outputBias()).isFalse();
        assertThat(qwen2.tiedEmbeddings()).isTrue();
        assertThat(qwen2.headWidth()).isEqualTo(8);

        ModelConfig llama = ModelConfig.fromJson(TinyHfModels.config(Family.LLAMA, 64).toString());
        assertThat(llama.huggingFace().eosTokenIds()).containsExactly(2, 3);
        assertThat(llama.huggingFace().bosTokenId()).isEqualTo(1);
        assertThat(llama.huggingFace().ropeScaling().kind()).isEqualTo(RopeScaling.Kind.LLAMA3);
        assertThat(llama.huggingFace().storageDtype()).isEqualTo("F32");
        assertThat(llama.toJson()).isEqualTo(TinyHfModels.config(Family.LLAMA, 64).toString());
    }

    @Test
    void scalesRotaryFrequenciesAsLlama3Does() {
        ModelConfig llama = ModelConfig.fromJson(TinyHfModels.config(Family.LLAMA, 64).toString());
        double[] frequencies = llama.rotaryFrequencies();
        // theta 500, head width 8: wavelengths 6.3 (kept: < 32/4), 29.8 (blended), 140 and 664 (divided by 8)
        assertThat(frequencies[0]).isEqualTo(1.0);
        assertThat(frequencies[2]).isCloseTo(Math.pow(500, -0.5) / 8, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(frequencies[1]).isStrictlyBetween(Math.pow(500, -0.25) / 8, Math.pow(500, -0.25));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "num_experts | 8 | config.json key num_experts = 8 is not supported (mixtures of experts are not implemented)",
        "hidden_act | \"gelu\" | config.json key hidden_act = \"gelu\" is not supported (only silu is implemented)",
        "mlp_bias | true | config.json key mlp_bias = true is not supported",
        "partial_rotary_factor | 0.5 | config.json key partial_rotary_factor = 0.5 is not supported"})
    void refusesKeysThatChangeTheMathsInOneLine(String key, String value, String message) throws Exception {
        ObjectNode config = TinyHfModels.config(Family.LLAMA, 64);
        config.set(key, new com.fasterxml.jackson.databind.ObjectMapper().readTree(value));

        assertThatThrownBy(() -> ModelConfig.fromJson(config.toString()))
                .isInstanceOf(UnsupportedModelException.class).hasMessageStartingWith(message);
    }

    @Test
    void refusesDynamicRopeScalingAndReportsAMissingKey() {
        ObjectNode dynamic = TinyHfModels.config(Family.QWEN2, 64);
        dynamic.putObject("rope_scaling").put("type", "dynamic").put("factor", 2.0);
        assertThatThrownBy(() -> ModelConfig.fromJson(dynamic.toString()))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageStartingWith("config.json key rope_scaling.rope_type = \"dynamic\" is not supported");

        ObjectNode incomplete = TinyHfModels.config(Family.QWEN2, 64);
        incomplete.remove("hidden_size");
        assertThatThrownBy(() -> ModelConfig.fromJson(incomplete.toString()))
                .isInstanceOf(ModelConfigException.class).isNotInstanceOf(UnsupportedModelException.class)
                .hasMessage("config.json lacks the key hidden_size");
    }
}
