package dev.grpo.policy;

import dev.grpo.policy.internal.checkpoint.Safetensors.TensorInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor of a safetensors file, memory-mapped read-only when the checkpoint is read: its bytes stay in the page
 * cache, not on the Java heap, and remain those of the file that was verified even if the checkpoint directory is
 * replaced or deleted afterwards. A tensor of more than 2 GiB spans several mapped regions.
 *
 * @param name the tensor's name
 * @param dtype the safetensors dtype code
 * @param shape the dimensions
 * @param regions the tensor's little-endian bytes, in order, each region a whole number of elements
 */
record MappedTensor(String name, String dtype, long[] shape, List<ByteBuffer> regions) {

    /** The largest region mapped at once: a multiple of every element size, below the 2 GiB a buffer can hold. */
    static final int REGION_BYTES = 1 << 30;

    /**
     * Maps a tensor's bytes.
     *
     * @param channel the open file
     * @param info where the tensor lies
     * @param regionBytes the largest region, a multiple of the element size
     * @return the mapped tensor
     * @throws IOException when mapping fails
     */
    static MappedTensor map(FileChannel channel, TensorInfo info, int regionBytes) throws IOException {
        List<ByteBuffer> regions = new ArrayList<>();
        for (long position = info.begin(); position < info.end(); position += regionBytes) {
            long length = Math.min(regionBytes, info.end() - position);
            regions.add(channel.map(FileChannel.MapMode.READ_ONLY, position, length).order(ByteOrder.LITTLE_ENDIAN));
        }
        return new MappedTensor(info.name(), info.dtype(), info.shape(), List.copyOf(regions));
    }

    /** @return the number of elements */
    long elementCount() {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    /**
     * Widens the tensor to float32 a chunk at a time, so no Java array ever holds the whole tensor.
     *
     * @param staging where each chunk's floats go (its capacity is the chunk size); overwritten per chunk
     * @param sink receives each chunk: the index of its first element and the floats, {@code staging} flipped
     */
    void decode(FloatBuffer staging, ChunkSink sink) {
        TensorDtype storage = TensorDtype.of(dtype).orElseThrow(
                () -> new IllegalStateException("tensor " + name + " of dtype " + dtype + " is not a float tensor"));
        int chunkBytes = staging.capacity() * storage.bytes();
        long first = 0;
        for (ByteBuffer region : regions) {
            for (int offset = 0; offset < region.limit(); offset += chunkBytes) {
                ByteBuffer chunk = region.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(offset)
                        .limit(Math.min(region.limit(), offset + chunkBytes));
                int count = chunk.remaining() / storage.bytes();
                staging.clear();
                storage.decode(chunk, staging);
                sink.accept(first, staging.flip());
                first += count;
            }
        }
    }

    /** Takes the float32 values of a run of consecutive elements. */
    @FunctionalInterface
    interface ChunkSink {

        /**
         * @param firstElement the flat index of the run's first element
         * @param values the run's values, position to limit
         */
        void accept(long firstElement, FloatBuffer values);
    }
}
