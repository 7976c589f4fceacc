package dev.grpo.policy.internal.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length, a JSON
 * header mapping each tensor name to its dtype, shape and {@code [begin, end)} byte offsets (plus an optional
 * string-to-string {@code __metadata__}), then the raw little-endian tensor bytes. DJL has no codec for it. Files of
 * any size are read through their header alone (offsets are longs); the byte-array methods suit small files.
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
     * Where a tensor's bytes lie in a file.
     *
     * @param name the tensor's name
     * @param dtype the safetensors dtype code
     * @param shape the dimensions
     * @param begin the first byte, counted from the start of the file
     * @param end one past the last byte, counted from the start of the file
     */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {

        /** @return the number of bytes */
        public long byteSize() {
            return end - begin;
        }

        /** @return the bytes of one element */
        public int elementBytes() {
            return DTYPE_BYTES.get(dtype);
        }
    }

    /**
     * A validated header: every tensor's bytes lie inside the file and match its dtype and shape.
     *
     * @param tensors the tensors by name, in header order
     * @param metadata the {@code __metadata__} entries (empty when absent)
     */
    public record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
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
        List<TensorInfo> layout = new ArrayList<>();
        for (SafeTensor tensor : tensors) {
            layout.add(new TensorInfo(tensor.name(), tensor.dtype(), tensor.shape(), 0, tensor.data().length));
        }
        out.write(header(layout, metadata));
        for (SafeTensor tensor : tensors) {
            out.write(tensor.data());
        }
    }

    /**
     * The bytes that precede the tensor data: the 8-byte length and the JSON header, padded with spaces to a
     * multiple of 8 bytes. The tensors' data follows in the given order, back to back.
     *
     * @param tensors each tensor's name, dtype, shape and byte size ({@code end - begin}; offsets are ignored)
     * @param metadata string metadata (may be empty)
     * @return the header bytes
     * @throws JsonProcessingException when the header cannot be serialised
     */
    public static byte[] header(List<TensorInfo> tensors, Map<String, String> metadata) throws JsonProcessingException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (TensorInfo tensor : tensors) {
            ObjectNode entry = header.putObject(tensor.name());
            entry.put("dtype", tensor.dtype());
            Arrays.stream(tensor.shape()).forEach(entry.putArray("shape")::add);
            entry.putArray("data_offsets").add(offset).add(offset + tensor.byteSize());
            offset += tensor.byteSize();
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer bytes = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).put(json);
        while (bytes.hasRemaining()) {
            bytes.put((byte) ' ');
        }
        return bytes.array();
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
        checkHeaderLength(headerLength, file.length);
        Header header = parseHeader(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8), headerLength,
                file.length);
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        header.tensors().forEach((name, info) -> tensors.put(name, new SafeTensor(name, info.dtype(), info.shape(),
                Arrays.copyOfRange(file, (int) info.begin(), (int) info.end()))));
        return new Content(tensors, header.metadata());
    }

    /**
     * Reads and validates the header of a file of any size, without reading tensor data.
     *
     * @param channel the open file, read from position 0
     * @return the header
     * @throws SafetensorsFormatException when the header is malformed or names bytes outside the file
     * @throws IOException when reading fails
     */
    public static Header readHeader(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new SafetensorsFormatException("file of " + size + " bytes is shorter than the 8-byte header length");
        }
        long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        checkHeaderLength(headerLength, size);
        ByteBuffer json = readFully(channel, 8, (int) headerLength);
        return parseHeader(StandardCharsets.UTF_8.decode(json).toString(), headerLength, size);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new SafetensorsFormatException("file ends inside its header");
            }
        }
        return buffer.flip();
    }

    private static void checkHeaderLength(long headerLength, long fileSize) throws SafetensorsFormatException {
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
            throw new SafetensorsFormatException("header length " + headerLength + " does not fit a file of "
                    + fileSize + " bytes");
        }
    }

    private static Header parseHeader(String json, long headerLength, long fileSize)
            throws SafetensorsFormatException {
        JsonNode header = parseJson(json);
        long dataStart = 8 + headerLength;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA)) {
                field.getValue().fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            } else {
                tensors.put(field.getKey(), tensor(field.getKey(), field.getValue(), dataStart, fileSize));
            }
        }
        return new Header(tensors, metadata);
    }

    private static JsonNode parseJson(String json) throws SafetensorsFormatException {
        try {
            JsonNode header = JSON.readTree(json);
            if (header == null || !header.isObject()) {
                throw new SafetensorsFormatException("header is not a JSON object");
            }
            return header;
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException("header is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static TensorInfo tensor(String name, JsonNode entry, long dataStart, long fileSize)
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
            elements = multiply(name, elements, shape[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > fileSize - dataStart
                || end - begin != multiply(name, elements, elementBytes)) {
            throw new SafetensorsFormatException("tensor " + name + " has data_offsets " + offsets
                    + " that do not match its shape or the file size");
        }
        return new TensorInfo(name, dtype, shape, dataStart + begin, dataStart + end);
    }

    private static long multiply(String name, long a, long b) throws SafetensorsFormatException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException("tensor " + name + " has more elements than a long can count");
        }
    }
}
