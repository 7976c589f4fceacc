package dev.grpo.learner.internal.checkpoint;

import ai.djl.Device;
import dev.grpo.learner.train.GradientSteps;
import dev.grpo.policy.internal.checkpoint.SafeTensor;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.OptimizerConfig;
import dev.grpo.policy.OptimizerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The moments stream to and from the same file format as before streaming, and a file that does not fit is refused. */
class OptimizerStateFileTest {

    private static final OptimizerConfig SETTINGS = OptimizerConfig.constant(1e-2f);

    /**
     * The file as it was encoded before streaming, whole in memory: all first moments, then all second moments,
     * flat F32, in parameter order, with the step count in the metadata.
     *
     * @param state the state to encode
     * @param shortened a tensor written one element short (to break the file), or null for the real encoding
     * @return the file's bytes
     */
    static byte[] legacyEncoding(OptimizerState state, String shortened) throws IOException {
        List<SafeTensor> tensors = new ArrayList<>();
        copies(state).forEach((name, values) -> tensors.add(legacyTensor(name,
                name.equals(shortened) ? Arrays.copyOf(values, values.length - 1) : values)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, tensors, Map.of("steps", Long.toString(state.steps())));
        return out.toByteArray();
    }

    private static SafeTensor legacyTensor(String name, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new SafeTensor(name, "F32", new long[] {values.length}, bytes.array());
    }

    private static PolicyModel model(long seed) {
        return PolicyModel.create(ModelPreset.TINY.config(8), seed, Device.cpu());
    }

    private static AdamW trained(PolicyModel model, int steps) {
        AdamW adamW = new AdamW(model, SETTINGS);
        for (int i = 0; i < steps; i++) {
            GradientSteps.step(model, adamW);
        }
        return adamW;
    }

    @Test
    void theStreamedFileIsByteForByteTheEncodingThatWasWrittenWhole(@TempDir Path dir) throws IOException {
        try (PolicyModel policy = model(1)) {
            AdamW adamW = trained(policy, 2);
            OptimizerStateFile.write(dir.resolve("optimizer.safetensors"), adamW.state());

            assertThat(Files.readAllBytes(dir.resolve("optimizer.safetensors")))
                    .isEqualTo(legacyEncoding(adamW.state(), null));
        }
    }

    @Test
    void aFileWrittenWholeBeforeStreamingRestoresEveryMomentAndTheStepCount(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("optimizer.safetensors");
        try (PolicyModel policy = model(1); PolicyModel restored = model(2)) {
            AdamW adamW = trained(policy, 3);
            Files.write(file, legacyEncoding(adamW.state(), null));

            AdamW restoredAdamW = new AdamW(restored, SETTINGS);
            restoredAdamW.restore(OptimizerStateFile.read(file));

            assertThat(restoredAdamW.steps()).isEqualTo(3);
            assertSameMoments(adamW.state(), restoredAdamW.state());
        }
    }

    @Test
    void aMomentOfTheWrongSizeIsRefusedBeforeAnyMomentChanges(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("optimizer.safetensors");
        try (PolicyModel policy = model(1); PolicyModel other = model(2)) {
            AdamW adamW = trained(policy, 2);
            List<String> names = List.copyOf(copies(adamW.state()).keySet());
            String last = names.get(names.size() - 1);
            // only the last moment written is short, so a restore that copied as it checked would change the others
            Files.write(file, legacyEncoding(adamW.state(), last));
            AdamW target = trained(other, 1);
            Map<String, float[]> before = copies(target.state());

            assertThatThrownBy(() -> target.restore(OptimizerStateFile.read(file)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(last);
            assertThat(target.steps()).isEqualTo(1);
            assertThat(copies(target.state())).usingRecursiveComparison().isEqualTo(before);
        }
    }

    @Test
    void aFileWithoutItsStepCountOrWithAnotherTensorIsMalformed(@TempDir Path dir) throws IOException {
        Path noSteps = dir.resolve("no-steps.safetensors");
        Path stranger = dir.resolve("stranger.safetensors");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, List.of(legacyTensor("m.w", new float[] {1})), Map.of());
        Files.write(noSteps, out.toByteArray());
        out.reset();
        Safetensors.write(out, List.of(legacyTensor("w", new float[] {1})), Map.of("steps", "1"));
        Files.write(stranger, out.toByteArray());

        assertThatThrownBy(() -> OptimizerStateFile.read(noSteps)).hasMessageContaining("'steps'");
        assertThatThrownBy(() -> OptimizerStateFile.read(stranger)).hasMessageContaining("tensor w is not a moment");
    }

    /** @return every moment's values by {@code m.<name>} / {@code v.<name>} */
    static Map<String, float[]> copies(OptimizerState state) {
        Map<String, float[]> values = new LinkedHashMap<>();
        state.firstMoments().forEach((name, m) -> values.put("m." + name, m.toFloatArray()));
        state.secondMoments().forEach((name, v) -> values.put("v." + name, v.toFloatArray()));
        return values;
    }

    static void assertSameMoments(OptimizerState expected, OptimizerState actual) {
        assertThat(actual.firstMoments()).containsOnlyKeys(expected.firstMoments().keySet());
        Map<String, float[]> expectedValues = copies(expected);
        copies(actual).forEach((name, values) -> assertThat(values).as(name).containsExactly(expectedValues.get(name)));
    }
}
