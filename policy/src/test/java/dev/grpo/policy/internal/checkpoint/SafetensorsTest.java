package dev.grpo.policy.internal.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsTest {

    private static final SafeTensor MATRIX = new SafeTensor("a.weight", "F32", new long[] {2, 2}, floats(1, 2, 3, 4));
    private static final SafeTensor VECTOR = new SafeTensor("b.bias", "F32", new long[] {3}, floats(-1, 0, 0.5f));

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static byte[] file(List<SafeTensor> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, tensors, metadata);
        return out.toByteArray();
    }

    @Test
    void roundTripsTensorsAndMetadata() throws IOException {
        Safetensors.Content content = Safetensors.read(file(List.of(MATRIX, VECTOR), Map.of("step", "7")));

        assertThat(content.tensors().keySet()).containsExactly("a.weight", "b.bias");
        assertThat(content.tensors().get("a.weight").shape()).containsExactly(2, 2);
        assertThat(content.tensors().get("b.bias").data()).containsExactly(VECTOR.data());
        assertThat(content.metadata()).containsExactly(Map.entry("step", "7"));
    }

    @Test
    void writesTheStandardLayout() throws IOException {
        byte[] bytes = file(List.of(MATRIX, VECTOR), Map.of());

        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(bytes.length).isEqualTo(8 + headerLength + 16 + 12);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertThat(header.get("a.weight").get("dtype").asText()).isEqualTo("F32");
        assertThat(header.get("b.bias").get("data_offsets").toString()).isEqualTo("[16,28]");
        assertThat(Arrays.copyOfRange(bytes, 8 + (int) headerLength, 8 + (int) headerLength + 16))
                .containsExactly(MATRIX.data());
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() throws IOException {
        byte[] bytes = file(List.of(MATRIX), Map.of());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);

        assertThatThrownBy(() -> Safetensors.read(bytes))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("header length");
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        byte[] bytes = file(List.of(MATRIX, VECTOR), Map.of());

        assertThatThrownBy(() -> Safetensors.read(Arrays.copyOf(bytes, bytes.length - 4)))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("b.bias");
        assertThatThrownBy(() -> Safetensors.read(new byte[3])).isInstanceOf(SafetensorsFormatException.class);
    }

    @Test
    void rejectsOffsetsThatDoNotMatchTheShape() throws IOException {
        SafeTensor lying = new SafeTensor("c", "F32", new long[] {5}, floats(1, 2));

        assertThatThrownBy(() -> Safetensors.read(file(List.of(lying), Map.of())))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("tensor c");
    }

    @Test
    void rejectsAnUnknownDtypeAndAHeaderThatIsNotJson() throws IOException {
        SafeTensor odd = new SafeTensor("d", "F8_E9", new long[] {1}, new byte[1]);
        assertThatThrownBy(() -> Safetensors.read(file(List.of(odd), Map.of())))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("dtype");

        byte[] garbage = new byte[16];
        ByteBuffer.wrap(garbage).order(ByteOrder.LITTLE_ENDIAN).putLong(8).put("{{{{{{{{".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Safetensors.read(garbage))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("JSON");
    }
}
