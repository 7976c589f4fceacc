package dev.grpo.policy;

import ai.djl.ndarray.types.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The floating-point safetensors dtypes a model's weights may be stored in, with their conversions to and from
 * float32. Narrowing rounds to nearest, ties to even (as PyTorch's {@code .to(torch.bfloat16)} does), so a weight
 * read from BF16 or F16 and written back unchanged keeps its exact bits.
 */
public enum TensorDtype {
    /** IEEE single precision. */
    F32(4, DataType.FLOAT32),
    /** bfloat16: the top 16 bits of a float32. */
    BF16(2, DataType.BFLOAT16),
    /** IEEE half precision. */
    F16(2, DataType.FLOAT16);

    private final int bytes;
    private final DataType dataType;

    TensorDtype(int bytes, DataType dataType) {
        this.bytes = bytes;
        this.dataType = dataType;
    }

    /**
     * @param code a safetensors dtype code such as {@code BF16}
     * @return the dtype, or empty for codes that are not floating-point weights (e.g. {@code I64})
     */
    public static Optional<TensorDtype> of(String code) {
        return Arrays.stream(values()).filter(d -> d.name().equals(code)).findFirst();
    }

    /**
     * @param dataType a DJL data type
     * @return the matching dtype
     * @throws IllegalArgumentException for a type that is not float32, bfloat16 or float16
     */
    public static TensorDtype of(DataType dataType) {
        return Arrays.stream(values()).filter(d -> d.dataType == dataType).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no safetensors weight dtype for " + dataType));
    }

    /** @return the DJL data type of the same width */
    public DataType dataType() {
        return dataType;
    }

    /** @return the bytes of one element */
    public int bytes() {
        return bytes;
    }

    /**
     * @param data little-endian elements of this dtype
     * @return the values as float32 (exact: every BF16 and F16 value is a float32)
     */
    public float[] toFloats(byte[] data) {
        float[] values = new float[data.length / bytes];
        decode(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), FloatBuffer.wrap(values));
        return values;
    }

    /**
     * @param values float32 values
     * @return little-endian elements of this dtype, rounded to nearest even
     */
    public byte[] fromFloats(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        encode(FloatBuffer.wrap(values), buffer);
        return buffer.array();
    }

    /**
     * Widens the remaining elements of {@code source} into {@code target}, advancing both; a chunk at a time, so
     * tensors larger than a Java array never sit in one.
     *
     * @param source elements of this dtype, in the buffer's byte order (little-endian for safetensors)
     * @param target receives one float per element
     */
    public void decode(ByteBuffer source, FloatBuffer target) {
        if (this == F32) {
            target.put(source.asFloatBuffer());
            source.position(source.limit());
            return;
        }
        while (source.hasRemaining()) {
            int half = source.getShort() & 0xFFFF;
            target.put(this == BF16 ? Float.intBitsToFloat(half << 16) : halfToFloat(half));
        }
    }

    /**
     * Narrows the remaining values of {@code source} into {@code target} (rounded to nearest even), advancing both.
     *
     * @param source float32 values
     * @param target receives the elements, in the buffer's byte order (little-endian for safetensors)
     */
    public void encode(FloatBuffer source, ByteBuffer target) {
        if (this == F32) {
            int count = source.remaining();
            target.asFloatBuffer().put(source);
            target.position(target.position() + count * bytes);
            return;
        }
        while (source.hasRemaining()) {
            float value = source.get();
            target.putShort((short) (this == BF16 ? toBfloat16(value) : toHalf(value)));
        }
    }

    private static int toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (bits >>> 16) | 0x40;
        }
        return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
    }

    private static float halfToFloat(int half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
        }
        return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | mantissa << 13);
    }

    private static int toHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        float magnitude = Math.abs(value);
        if (Float.isNaN(value)) {
            return sign | 0x7E00;
        }
        if (magnitude >= 65520f) {
            return sign | 0x7C00;
        }
        if (magnitude < 0x1p-14f) {
            return sign | (int) Math.rint(magnitude * 0x1p24);
        }
        int half = ((((bits >>> 23) & 0xFF) - 127 + 15) << 10) | ((bits & 0x7FFFFF) >>> 13);
        int rest = bits & 0x1FFF;
        if (rest > 0x1000 || rest == 0x1000 && (half & 1) == 1) {
            half++;
        }
        return sign | half;
    }
}
