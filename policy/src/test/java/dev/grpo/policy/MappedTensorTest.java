package dev.grpo.policy;

import dev.grpo.policy.internal.checkpoint.Safetensors.TensorInfo;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MappedTensorTest {

    @TempDir
    Path root;

    @Test
    void readsATensorStoredBeyondTwoGibibytesIntoTheFileAndMapsAHugeTensorInRegions() throws IOException {
        long padding = (1L << 31) + 8;
        byte[] header = Safetensors.header(List.of(new TensorInfo("pad", "U8", new long[] {padding}, 0, padding),
                new TensorInfo("w", "F16", new long[] {3}, 0, 6)), Map.of());
        Path file = root.resolve("sparse.safetensors");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(header);
            out.setLength(header.length + padding + 6);
            out.seek(header.length + padding);
            out.write(TensorDtype.F16.fromFloats(new float[] {1.5f, -2f, 0.25f}));
        }

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Safetensors.Header parsed = Safetensors.readHeader(channel);
            TensorInfo weights = parsed.tensors().get("w");
            assertThat(weights.begin()).isGreaterThan(Integer.MAX_VALUE);
            assertThat(values(MappedTensor.map(channel, weights, MappedTensor.REGION_BYTES), 8))
                    .containsExactly(1.5f, -2f, 0.25f);
            assertThat(MappedTensor.map(channel, parsed.tensors().get("pad"), MappedTensor.REGION_BYTES).regions())
                    .extracting(ByteBuffer::limit).containsExactly(1 << 30, 1 << 30, 8);
        }
    }

    @Test
    void decodesRegionByRegionInChunksOfTheStagingSize() throws IOException {
        float[] expected = new float[10];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i * 0.5f - 2;
        }
        Path file = root.resolve("small.safetensors");
        byte[] header = Safetensors.header(List.of(new TensorInfo("v", "BF16", new long[] {2, 5}, 0, 20)), Map.of());
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(header);
            out.write(TensorDtype.BF16.fromFloats(expected));
        }

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedTensor tensor = MappedTensor.map(channel, Safetensors.readHeader(channel).tensors().get("v"), 8);
            assertThat(tensor.regions()).extracting(ByteBuffer::limit).containsExactly(8, 8, 4);
            List<Long> firsts = new ArrayList<>();
            tensor.decode(FloatBuffer.allocate(3), (first, values) -> firsts.add(first));
            assertThat(firsts).as("chunks never straddle a region").containsExactly(0L, 3L, 4L, 7L, 8L);
            assertThat(values(tensor, 3)).containsExactly(expected);
        }
    }

    private static float[] values(MappedTensor tensor, int chunk) {
        float[] values = new float[Math.toIntExact(tensor.elementCount())];
        tensor.decode(FloatBuffer.allocate(chunk), (first, chunkValues) -> chunkValues.get(values, (int) first,
                chunkValues.remaining()));
        return values;
    }
}
