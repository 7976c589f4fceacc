package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyModelTest {

    @Test
    void sameConfigAndSeedGiveTheSameWeights() {
        try (PolicyModel a = TestModels.create(TestModels.rotary(), 5);
             PolicyModel b = TestModels.create(TestModels.rotary(), 5);
             PolicyModel c = TestModels.create(TestModels.rotary(), 6)) {
            String name = "layers.1.attn.qkv.weight";
            assertThat(weights(b, name)).containsExactly(weights(a, name));
            assertThat(weights(c, name)).isNotEqualTo(weights(a, name));
        }
    }

    @Test
    void sameHuggingFaceConfigAndSeedGiveTheSameWeightsEverywhere() {
        for (TinyHfModels.Family family : TinyHfModels.Family.values()) {
            ModelConfig config = ModelConfig.fromJson(TinyHfModels.config(family, 64).toString());
            try (PolicyModel a = PolicyModel.create(config, 5, Device.cpu());
                 PolicyModel b = PolicyModel.create(config, 5, Device.cpu())) {
                a.parameters().forEach((name, parameter) -> assertThat(weights(b, name)).as("%s %s", family, name)
                        .containsExactly(weights(a, name)));
            }
        }
    }

    private static float[] weights(PolicyModel model, String name) {
        return model.parameters().get(name).getArray().toFloatArray();
    }

    @Test
    void namesParametersLikeAHuggingFaceCheckpoint() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 1)) {
            assertThat(model.parameters().keySet()).contains("embed.weight", "layers.0.attnNorm.weight",
                    "layers.0.attn.qkv.weight", "layers.0.attn.out.weight", "layers.1.mlp.gateUp.weight",
                    "layers.1.mlp.down.weight", "norm.weight", "head.weight");
        }
        try (PolicyModel model = TestModels.create(TestModels.learned(), 1)) {
            assertThat(model.parameters().keySet()).contains("positions.weight", "layers.0.attnNorm.gamma",
                    "layers.0.attnNorm.beta", "layers.0.mlp.up.weight");
        }
    }

    @Test
    void givesParametersTheShapesOfTheConfig() {
        try (PolicyModel model = TestModels.create(TestModels.rotary(), 1)) {
            Map<String, Parameter> parameters = model.parameters();
            assertThat(parameters.get("embed.weight").getArray().getShape().getShape()).containsExactly(16, 32);
            assertThat(parameters.get("layers.0.attn.qkv.weight").getArray().getShape().getShape())
                    .containsExactly(96, 32);
            assertThat(parameters.get("layers.0.mlp.gateUp.weight").getArray().getShape().getShape())
                    .containsExactly(128, 32);
            assertThat(parameters.get("head.weight").getArray().getShape().getShape()).containsExactly(16, 32);
        }
    }

    @Test
    void demoPresetHasAboutAMillionParameters() {
        try (PolicyModel model = PolicyModel.create(ModelPreset.DEMO.config(153), 1, Device.cpu())) {
            assertThat(model.parameterCount()).isBetween(1_000_000L, 1_200_000L);
        }
    }
}
