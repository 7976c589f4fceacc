package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.grpo.policy.internal.checkpoint.SafeTensor;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named arrays stream into a safetensors file and back into arrays in place, exactly. */
class TensorFileTest {

    @TempDir
    Path root;

    @Test
    void arraysWrittenAsF32ReadBackIntoOtherArraysBitForBitInHeaderOrder() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevice.ENGINE)) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("b", manager.create(new float[] {1.5f, -0f, Float.MIN_VALUE, 3e38f, 7, 8}, new Shape(2, 3)));
            arrays.put("a", manager.create(new float[] {0.1f}, new Shape(1)));
            TensorFile.write(root.resolve("t.safetensors"), arrays, TensorDtype.F32, Map.of("k", "v"));

            TensorFile file = TensorFile.read(root.resolve("t.safetensors"));
            NDArray flat = manager.zeros(new Shape(6));
            file.copyInto("b", flat);

            assertThat(file.names()).containsExactly("b", "a");
            assertThat(file.shape("b")).containsExactly(2, 3);
            assertThat(file.dtype("a")).isEqualTo("F32");
            assertThat(file.metadata()).containsEntry("k", "v");
            assertThat(flat.toFloatArray()).containsExactly(arrays.get("b").toFloatArray());
        }
    }

    @Test
    void theFileIsTheSafetensorsEncodingOfTheArrays() throws IOException {
        float[] values = {1, 2, 3};
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevice.ENGINE)) {
            TensorFile.write(root.resolve("t.safetensors"), Map.of("w", manager.create(values)), TensorDtype.BF16,
                    Map.of());
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Safetensors.write(expected, List.of(new SafeTensor("w", "BF16", new long[] {3},
                TensorDtype.BF16.fromFloats(values))), Map.of());

        assertThat(Files.readAllBytes(root.resolve("t.safetensors"))).isEqualTo(expected.toByteArray());
    }

    @Test
    void aTensorOfAnotherElementCountIsRefusedWithoutTouchingTheArray() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevice.ENGINE)) {
            TensorFile.write(root.resolve("t.safetensors"), Map.of("w", manager.create(new float[] {1, 2})),
                    TensorDtype.F32, Map.of());
            TensorFile file = TensorFile.read(root.resolve("t.safetensors"));
            NDArray three = manager.zeros(new Shape(3));

            assertThatThrownBy(() -> file.copyInto("w", three)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tensor w").hasMessageContaining("3 elements");
            assertThatThrownBy(() -> file.copyInto("x", three)).hasMessageContaining("no tensor x");
            assertThat(three.toFloatArray()).containsOnly(0f);
        }
    }
}
