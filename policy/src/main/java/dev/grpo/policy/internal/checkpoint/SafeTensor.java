package dev.grpo.policy.internal.checkpoint;

import java.util.Arrays;

/**
 * One named tensor of a safetensors file: its dtype code (e.g. {@code F32}), its shape and its little-endian bytes.
 *
 * @param name the tensor's name
 * @param dtype the safetensors dtype code
 * @param shape the dimensions
 * @param data the raw little-endian element bytes
 */
public record SafeTensor(String name, String dtype, long[] shape, byte[] data) {

    /** @return the number of elements */
    public long elementCount() {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }
}
