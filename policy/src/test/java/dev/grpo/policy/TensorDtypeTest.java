package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class TensorDtypeTest {

    @Test
    void narrowsToBfloat16RoundingToNearestEven() {
        assertThat(bits(TensorDtype.BF16, 1.0f)).isEqualTo(0x3F80);
        assertThat(bits(TensorDtype.BF16, Float.intBitsToFloat(0x3F808000))).as("tie to even, down").isEqualTo(0x3F80);
        assertThat(bits(TensorDtype.BF16, Float.intBitsToFloat(0x3F818000))).as("tie to even, up").isEqualTo(0x3F82);
        assertThat(bits(TensorDtype.BF16, Float.intBitsToFloat(0x3F808001))).as("above the tie").isEqualTo(0x3F81);
        assertThat(bits(TensorDtype.BF16, -2.5f)).isEqualTo(0xC020);
    }

    @Test
    void narrowsToHalfRoundingToNearestEvenWithSubnormalsAndOverflow() {
        assertThat(bits(TensorDtype.F16, 1.0f)).isEqualTo(0x3C00);
        assertThat(bits(TensorDtype.F16, 65504f)).isEqualTo(0x7BFF);
        assertThat(bits(TensorDtype.F16, 65520f)).isEqualTo(0x7C00);
        assertThat(bits(TensorDtype.F16, 0x1p-24f)).isEqualTo(0x0001);
        assertThat(bits(TensorDtype.F16, 1f / 3)).isEqualTo(0x3555);
        assertThat(bits(TensorDtype.F16, -0x1p-14f)).isEqualTo(0x8400);
        assertThat(bits(TensorDtype.F16, 1 + 0x1p-11f)).as("tie to even, down").isEqualTo(0x3C00);
        assertThat(bits(TensorDtype.F16, 1 + 3 * 0x1p-11f)).as("tie to even, up").isEqualTo(0x3C02);
    }

    @Test
    void widensEveryHalfAndBfloat16ValueExactly() {
        for (TensorDtype dtype : new TensorDtype[] {TensorDtype.BF16, TensorDtype.F16}) {
            for (int bits = 0; bits < 0x10000; bits++) {
                byte[] data = {(byte) bits, (byte) (bits >>> 8)};
                float value = dtype.toFloats(data)[0];
                if (!Float.isNaN(value)) {
                    assertThat(bits(dtype, value)).as("%s %04x", dtype, bits).isEqualTo(bits);
                }
            }
        }
    }

    private static int bits(TensorDtype dtype, float value) {
        return ByteBuffer.wrap(dtype.fromFloats(new float[] {value})).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
    }
}
