package dev.grpo.policy.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length, a JSON
 * header mapping each tensor name to its dtype, shape and {@code [begin, end)} byte offsets (plus an optional
 * string-to-string {@code __metadata__}), then the raw little-endian tensor bytes. DJL has no codec for it.
 */
public final class Safetensors {

    /** Header key of the free-form string metadata. */
    public static final String METADATA = "__metadata__";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
            Map.entry("U8", 1), Map.entry("BOOL", 1));

    private Safetensors() {
    }

    /**
     * The parsed content of a file.
     *
     * @param tensors the tensors by name, in header order
     * @param metadata the {@code __metadata__} entries (empty when absent)
     */
    public record Content(Map<String, SafeTensor> tensors, Map<String, String> metadata) {
    }

    /**
     * Writes tensors in the given order; the header is padded with spaces to a multiple of 8 bytes.
     *
     * @param out where to write
     * @param tensors the tensors
     * @param metadata string metadata (may be empty)
     * @throws IOException when writing fails
     */
    public static void write(OutputStream out, List<SafeTensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (SafeTensor tensor : tensors) {
            ObjectNode entry = header.putObject(tensor.name());
            entry.put("dtype", tensor.dtype());
            Arrays.stream(tensor.shape()).forEach(entry.putArray("shape")::add);
            entry.putArray("data_offsets").add(offset).add(offset + tensor.data().length);
            offset += tensor.data().length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(headerBytes);
        for (SafeTensor tensor : tensors) {
            out.write(tensor.data());
        }
    }

    /**
     * @param file the whole file's bytes
     * @return its tensors and metadata
     * @throws SafetensorsFormatException when the bytes are not a well-formed safetensors file
     */
    public static Content read(byte[] file) throws SafetensorsFormatException {
        if (file.length < 8) {
            throw new SafetensorsFormatException("file of " + file.length + " bytes is shorter than the 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > file.length - 8) {
            throw new SafetensorsFormatException("header length " + headerLength + " does not fit a file of "
                    + file.length + " bytes");
        }
        JsonNode header = parseHeader(file, (int) headerLength);
        int dataStart = 8 + (int) headerLength;
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA)) {
                field.getValue().fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            } else {
                tensors.put(field.getKey(), tensor(field.getKey(), field.getValue(), file, dataStart));
            }
        }
        return new Content(tensors, metadata);
    }

    private static JsonNode parseHeader(byte[] file, int length) throws SafetensorsFormatException {
        try {
            JsonNode header = JSON.readTree(new String(file, 8, length, StandardCharsets.UTF_8));
            if (header == null || !header.isObject()) {
                throw new SafetensorsFormatException("header is not a JSON object");
            }
            return header;
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException("header is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static SafeTensor tensor(String name, JsonNode entry, byte[] file, int dataStart)
            throws SafetensorsFormatException {
        String dtype = entry.path("dtype").asText();
        Integer elementBytes = DTYPE_BYTES.get(dtype);
        JsonNode shapeNode = entry.path("shape");
        JsonNode offsets = entry.path("data_offsets");
        if (elementBytes == null || !shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new SafetensorsFormatException("tensor " + name + " has a bad dtype, shape or data_offsets: " + entry);
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new SafetensorsFormatException("tensor " + name + " has a negative dimension: " + shapeNode);
            }
            elements = Math.multiplyExact(elements, shape[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || dataStart + end > file.length || end - begin != elements * elementBytes) {
            throw new SafetensorsFormatException("tensor " + name + " has data_offsets " + offsets
                    + " that do not match its shape or the file size");
        }
        byte[] data = Arrays.copyOfRange(file, dataStart + (int) begin, dataStart + (int) end);
        return new SafeTensor(name, dtype, shape, data);
    }
}
