package dev.grpo.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Moves a model array's values to and from Java a bounded run of elements at a time, through a flat view of the
 * array: a weight of several GiB (a large vocabulary's float32 embedding) never needs one Java array or buffer, whose
 * size is capped at 2 GiB, and saving or loading needs only a chunk of memory beyond the weights themselves.
 */
final class ArrayChunks {

    /** Elements per chunk: 16 MiB of float32. */
    static final int CHUNK_ELEMENTS = 1 << 22;

    private ArrayChunks() {
    }

    /**
     * Reads an array's values as float32, in row-major order.
     *
     * @param array the array (any floating-point type; widened to float32)
     * @param chunkElements the most elements per chunk
     * @param sink receives each chunk, in order
     */
    static void read(NDArray array, int chunkElements, MappedTensor.ChunkSink sink) {
        long size = array.size();
        try (NDManager scratch = array.getManager().newSubManager(); NDArray flat = array.reshape(size)) {
            for (long first = 0; first < size; first += chunkElements) {
                NDArray part = flat.get(new NDIndex().addSliceDim(first, Math.min(size, first + chunkElements)));
                part.attach(scratch);
                if (part.getDataType() != DataType.FLOAT32) {
                    part = part.toType(DataType.FLOAT32, false);
                }
                sink.accept(first, part.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer());
                part.close();
            }
        }
    }

    /**
     * Overwrites an array's values in place with a tensor's, widened to float32 and converted to the array's type.
     * The array keeps its own storage: the values are copied into it, not aliased.
     *
     * @param array the array, of the tensor's element count
     * @param tensor the source
     * @param chunkElements the most elements per chunk
     */
    static void fill(NDArray array, MappedTensor tensor, int chunkElements) {
        long size = array.size();
        ByteBuffer staging = ByteBuffer.allocateDirect(Math.toIntExact(Math.min(size, chunkElements) * Float.BYTES))
                .order(ByteOrder.nativeOrder());
        FloatBuffer floats = staging.asFloatBuffer();
        try (NDManager scratch = array.getManager().newSubManager(); NDArray flat = array.reshape(size)) {
            tensor.decode(floats, (first, values) -> {
                int count = values.remaining();
                NDArray part = scratch.create(staging.duplicate().order(ByteOrder.nativeOrder()).limit(count * Float.BYTES),
                        new Shape(count), DataType.FLOAT32);
                if (array.getDataType() != DataType.FLOAT32) {
                    part = part.toType(array.getDataType(), false);
                }
                flat.set(new NDIndex().addSliceDim(first, first + count), part);
                part.close();
            });
        }
    }
}
