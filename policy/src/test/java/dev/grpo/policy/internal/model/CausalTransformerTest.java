package dev.grpo.policy.internal.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.grpo.policy.ComputeDevice;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.TestModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CausalTransformerTest {

    static Stream<ModelConfig> configs() {
        return Stream.of(TestModels.rotary(), TestModels.learned());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyParameterReceivesANonZeroGradient(ModelConfig config) {
        try (PolicyModel model = TestModels.create(config, 3); NDManager step = model.manager().newSubManager()) {
            PaddedBatch batch = PaddedBatch.ofPromptsAndContinuations(
                    List.of(TestModels.prompt(5, 1), TestModels.prompt(2, 2)),
                    List.of(TestModels.prompt(3, 3), TestModels.prompt(6, 4)), TestModels.PAD);
            try (GradientCollector collector = Engine.getEngine(ComputeDevice.ENGINE).newGradientCollector()) {
                NDArray logits = model.block().forward(model.parameterStore(),
                        batch.input(step, 0, batch.width(), config).toNDList(), true).singletonOrThrow();
                collector.backward(logits.logSoftmax(-1).get(":, :, 3").sum());
            }
            for (Map.Entry<String, Parameter> entry : model.parameters().entrySet()) {
                try (NDArray gradient = entry.getValue().getArray().getGradient()) {
                    assertThat(gradient.abs().sum().getFloat()).as(entry.getKey()).isGreaterThan(0f);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void givesTheSameNextTokenLogitsWithAndWithoutTheKeyValueCache(ModelConfig config) {
        int[] first = TestModels.prompt(6, 1);
        int[] second = TestModels.prompt(3, 2);
        try (PolicyModel model = TestModels.create(config, 4); NDManager call = model.manager().newSubManager();
             KvCache cache = new KvCache(call, config.layers())) {
            PaddedBatch whole = PaddedBatch.ofPrompts(List.of(first, second), TestModels.PAD);
            NDArray full = model.block().forward(model.parameterStore(),
                    whole.input(call, 0, whole.width(), config).toNDList(), false).singletonOrThrow();
            assertThat(full.getShape().getShape()).containsExactly(2, 6, TestModels.VOCABULARY);

            PaddedBatch growing = PaddedBatch.ofPrompts(
                    List.of(Arrays.copyOf(first, 5), Arrays.copyOf(second, 2)), TestModels.PAD);
            model.block().hiddenStates(model.parameterStore(), growing.input(call, 0, 5, config), cache, false);
            growing.append(new long[] {first[5], second[2]});
            NDArray hidden = model.block().hiddenStates(model.parameterStore(), growing.input(call, 5, 6, config),
                    cache, false);
            float[] cached = model.block().logits(model.parameterStore(), hidden, false).toFloatArray();

            float[] lastColumn = full.get(":, 5:, :").toFloatArray();
            for (int i = 0; i < lastColumn.length; i++) {
                assertThat(cached[i]).isCloseTo(lastColumn[i], within(1e-5f));
            }
        }
    }
}
