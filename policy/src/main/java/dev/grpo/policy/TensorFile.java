package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import dev.grpo.policy.internal.checkpoint.Safetensors.TensorInfo;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import dev.grpo.policy.internal.checkpoint.SafetensorsFormatException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One safetensors file of named tensors that model-sized arrays stream to and from a chunk at a time, as a
 * {@link Checkpoint}'s weights do: writing never holds more than a chunk on the heap, and reading memory-maps the
 * file, so a learner's own files (optimiser moments, float32 master weights) may be any size.
 */
public final class TensorFile {

    private final Path file;
    private final Map<String, MappedTensor> tensors;
    private final Map<String, String> metadata;

    private TensorFile(Path file, Map<String, MappedTensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Writes the arrays, in the map's order and with their own shapes, into a new file forced to disk.
     *
     * @param file the file to create (it must not exist)
     * @param arrays the tensors' values by name (any floating-point type)
     * @param dtype the stored dtype of every tensor (narrower types are rounded to nearest even)
     * @param metadata the header's {@code __metadata__} (may be empty)
     * @throws IOException when writing fails or the file exists
     */
    public static void write(Path file, Map<String, NDArray> arrays, TensorDtype dtype, Map<String, String> metadata)
            throws IOException {
        List<TensorInfo> layout = new ArrayList<>();
        arrays.forEach((name, array) -> layout.add(
                new TensorInfo(name, dtype.name(), array.getShape().getShape(), 0, array.size() * dtype.bytes())));
        Path absolute = file.toAbsolutePath();
        new ShardPlan(List.of(new ShardPlan.Shard(absolute.getFileName().toString(), layout)))
                .write(absolute.getParent(), arrays, dtype, metadata);
    }

    /**
     * Reads and validates the header (every tensor lies inside the file and matches its dtype and shape) and maps
     * the tensors; their data is read only when copied.
     *
     * @param file the file
     * @return its tensors
     * @throws SafetensorsFormatException when the header is malformed
     * @throws IOException when reading fails
     */
    public static TensorFile read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Safetensors.Header header = Safetensors.readHeader(channel);
            Map<String, MappedTensor> tensors = new LinkedHashMap<>();
            for (TensorInfo info : header.tensors().values()) {
                tensors.put(info.name(), MappedTensor.map(channel, info, MappedTensor.REGION_BYTES));
            }
            return new TensorFile(file, tensors, Map.copyOf(header.metadata()));
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return the header's string metadata */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return the tensor names, in header order */
    public Set<String> names() {
        return tensors.keySet();
    }

    /**
     * @param name a tensor's name
     * @return its safetensors dtype code, e.g. {@code F32}
     */
    public String dtype(String name) {
        return tensor(name).dtype();
    }

    /**
     * @param name a tensor's name
     * @return its dimensions
     */
    public long[] shape(String name) {
        return tensor(name).shape().clone();
    }

    /**
     * @param name a tensor's name
     * @return its number of elements
     */
    public long elementCount(String name) {
        return tensor(name).elementCount();
    }

    /**
     * Overwrites an array in place with a tensor's values in row-major order (widened to float32, converted to the
     * array's type), a chunk at a time; the shapes may differ, the element counts may not.
     *
     * @param name a tensor of a floating-point dtype ({@link TensorDtype})
     * @param array the array to overwrite
     * @throws IllegalArgumentException when the tensor is missing, not floating-point, or of another element count
     */
    public void copyInto(String name, NDArray array) {
        MappedTensor tensor = tensor(name);
        if (TensorDtype.of(tensor.dtype()).isEmpty() || tensor.elementCount() != array.size()) {
            throw new IllegalArgumentException(file + ": tensor " + name + " (" + tensor.dtype() + ", "
                    + tensor.elementCount() + " elements) cannot fill an array of " + array.size() + " elements");
        }
        ArrayChunks.fill(array, tensor, ArrayChunks.CHUNK_ELEMENTS);
    }

    private MappedTensor tensor(String name) {
        MappedTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException(file + " has no tensor " + name);
        }
        return tensor;
    }
}
