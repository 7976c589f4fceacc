package dev.grpo.policy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.grpo.policy.internal.checkpoint.SafeTensor;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ArrayChunksTest {

    @TempDir
    Path root;

    private static float[] values(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = i * 0.25f - 3;
        }
        return values;
    }

    @Test
    void readsAnArrayInRowMajorChunks() {
        float[] expected = values(35);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevice.ENGINE)) {
            NDArray array = manager.create(expected, new Shape(5, 7));
            float[] actual = new float[35];
            ArrayChunks.read(array, 4, (first, chunk) -> {
                assertThat(first % 4).isZero();
                assertThat(chunk.remaining()).isLessThanOrEqualTo(4);
                chunk.get(actual, (int) first, chunk.remaining());
            });

            assertThat(actual).containsExactly(expected);
        }
    }

    @Test
    void fillsAnArrayInPlaceFromATensorSpanningRegionsAndChunks() throws IOException {
        float[] expected = values(35);
        Path directory = Files.createDirectories(root.resolve("ckpt"));
        try (OutputStream out = Files.newOutputStream(directory.resolve(Checkpoint.WEIGHTS))) {
            Safetensors.write(out, List.of(new SafeTensor("w", "BF16", new long[] {5, 7},
                    TensorDtype.BF16.fromFloats(expected))), Map.of());
        }
        MappedTensor tensor = WeightFiles.read(directory, null, 10).tensors().get("w");

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevice.ENGINE)) {
            NDArray array = manager.zeros(new Shape(5, 7));
            NDArray sameStorage = array.get("1:3");
            ArrayChunks.fill(array, tensor, 4);

            assertThat(array.toFloatArray()).containsExactly(expected);
            assertThat(sameStorage.toFloatArray()).as("a view taken before still sees the values")
                    .containsExactly(java.util.Arrays.copyOfRange(expected, 7, 21));
        }
    }
}
