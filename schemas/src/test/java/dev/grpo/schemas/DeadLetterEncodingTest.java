package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.records.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.Test;

class DeadLetterEncodingTest {

    /** A rollout just under grpo.rollouts' 8 MiB limit. */
    private static final int LARGE_ROLLOUT_BYTES = 8_388_500;
    private static final String REASON = "CORRUPT: the body is not a Rollout record";

    private final RecordSerde<DeadLetter> serde = RecordSerdes.deadLetter();
    private final DeadLetterEncoding encoding = new DeadLetterEncoding();

    @Test
    void aDeadLetterThatFitsIsEncodedExactlyAsTheSerdeEncodesIt() {
        DeadLetter letter = letter("g-1".getBytes(StandardCharsets.UTF_8), randomBytes(5_000));

        assertThat(encoding.encode(letter)).isEqualTo(serde.encode(letter));
        assertThat(encoding.recordKey(key(letter))).isEqualTo("g-1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDeadLetterWithoutKeyOrValueIsEncodedWhole() {
        DeadLetter letter = letter(null, null);

        assertThat(encoding.encode(letter)).isEqualTo(serde.encode(letter));
        assertThat(encoding.recordKey(null)).isNull();
    }

    @Test
    void anEightMebibyteValueIsCutToTheLongestPrefixThatFitsTheDefaultBudget() {
        byte[] value = randomBytes(LARGE_ROLLOUT_BYTES);
        DeadLetter letter = letter("g-1".getBytes(StandardCharsets.UTF_8), value);

        byte[] bytes = encoding.encode(letter);

        assertThat(bytes.length).isLessThanOrEqualTo(DeadLetterEncoding.DEFAULT_MAX_BYTES)
                .as("as large as fits").isGreaterThan(DeadLetterEncoding.DEFAULT_MAX_BYTES - 16);
        DeadLetter read = serde.decode("grpo.dlq", 0, 0L, bytes);
        byte[] prefix = bytes(read.getOriginalValue());
        assertThat(prefix).hasSizeGreaterThan(DeadLetterEncoding.DEFAULT_MAX_BYTES - 1_024)
                .isEqualTo(Arrays.copyOf(value, prefix.length));
        assertThat(read.getOriginalValueSize()).isEqualTo(LARGE_ROLLOUT_BYTES);
        assertThat(read.getReason()).isEqualTo(REASON + " (original value truncated to " + prefix.length
                + " of " + LARGE_ROLLOUT_BYTES + " bytes)");
        assertThat(read.getSourceTopic()).isEqualTo("grpo.rollouts");
        assertThat(read.getSourcePartition()).isEqualTo(3);
        assertThat(read.getSourceOffset()).isEqualTo(1_234L);
        assertThat(read.getStage()).isEqualTo("grpo-assembler");
        assertThat(read.getErrorType()).isEqualTo("CORRUPT");
        assertThat(bytes(read.getOriginalKey())).isEqualTo("g-1".getBytes(StandardCharsets.UTF_8));
        assertThat(read.getFailedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void everyDeadLetterFitsItsBudgetAndIsWholeExactlyWhenTheWholeFits() {
        for (int budget : new int[] {DeadLetterEncoding.MIN_MAX_BYTES, 10_000, 65_536}) {
            DeadLetterEncoding bounded = new DeadLetterEncoding(budget);
            for (int length = budget - 200; length <= budget + 200; length++) {
                DeadLetter letter = letter("g-1".getBytes(StandardCharsets.UTF_8), randomBytes(length));
                byte[] whole = serde.encode(letter);

                byte[] bytes = bounded.encode(letter);

                assertThat(bytes.length).as("budget %d, value %d", budget, length).isLessThanOrEqualTo(budget);
                if (whole.length <= budget) {
                    assertThat(bytes).as("budget %d, value %d", budget, length).isEqualTo(whole);
                } else {
                    assertThat(bytes.length).as("budget %d, value %d: as large as fits", budget, length)
                            .isGreaterThan(budget - 8);
                    assertThat(serde.decode("grpo.dlq", 0, 0L, bytes).getOriginalValueSize()).isEqualTo(length);
                }
            }
        }
    }

    @Test
    void anAbsurdKeyIsCutInTheLetterAndAsTheRecordKey() {
        byte[] key = randomBytes(1024 * 1024);
        DeadLetter letter = letter(key, randomBytes(100));

        byte[] bytes = encoding.encode(letter);

        DeadLetter read = serde.decode("grpo.dlq", 0, 0L, bytes);
        assertThat(bytes(read.getOriginalKey())).isEqualTo(Arrays.copyOf(key, DeadLetterEncoding.MAX_KEY_BYTES));
        assertThat(encoding.recordKey(key)).isEqualTo(Arrays.copyOf(key, DeadLetterEncoding.MAX_KEY_BYTES));
        assertThat(read.getReason()).isEqualTo(REASON + " (original key truncated to 65536 of 1048576 bytes)");
        assertThat(read.getOriginalValue()).as("the value fits whole").isEqualTo(letter.getOriginalValue());
        assertThat(read.getOriginalValueSize()).isNull();
    }

    @Test
    void anAbsurdReasonIsCutWithoutSplittingACharacterAndTheValueKeepsMostOfTheBudget() {
        DeadLetterEncoding bounded = new DeadLetterEncoding(64 * 1024);
        String reason = "答".repeat(100_000);  // three UTF-8 bytes each
        DeadLetter letter = DeadLetter.newBuilder(letter(null, randomBytes(1024 * 1024))).setReason(reason).build();

        DeadLetter read = serde.decode("grpo.dlq", 0, 0L, bounded.encode(letter));

        assertThat(read.getReason()).startsWith("答答答").contains(" (original reason truncated to 16383 of 300000 bytes)")
                .endsWith(" of 1048576 bytes)");
        assertThat(read.getReason().replaceAll(" \\(original .*", "")).matches("答+");
        assertThat(read.getOriginalValue().remaining()).isGreaterThan(64 * 1024 / 2);
    }

    @Test
    void aValueAnEarlierStageAlreadyCutKeepsNamingItsFullLength() {
        DeadLetter letter = DeadLetter.newBuilder(letter(null, randomBytes(100_000))).setOriginalValueSize(9_000_000L)
                .build();

        DeadLetter read = serde.decode("grpo.dlq", 0, 0L, new DeadLetterEncoding(10_000).encode(letter));

        assertThat(read.getOriginalValueSize()).isEqualTo(9_000_000L);
        assertThat(read.getReason()).endsWith(" of 9000000 bytes)");
    }

    @Test
    void aReaderOfTheFirstVersionReadsACutDeadLetterWithoutItsSize() throws IOException {
        byte[] value = randomBytes(LARGE_ROLLOUT_BYTES);
        byte[] bytes = encoding.encode(letter(null, value));
        BinaryMessageDecoder<GenericRecord> v1 = new BinaryMessageDecoder<>(GenericData.get(),
                ShippedSchemas.fromClasspath().versions("DeadLetter").get(0), ShippedSchemas.fromClasspath());

        GenericRecord read = v1.decode(bytes);

        byte[] prefix = bytes((ByteBuffer) read.get("original_value"));
        assertThat(prefix).isEqualTo(Arrays.copyOf(value, prefix.length));
        assertThat(read.hasField("original_value_size")).isFalse();
        assertThat(read.get("reason").toString()).endsWith(" of 8388500 bytes)");
    }

    @Test
    void aBudgetWithoutRoomForTheRecordIsRefused() {
        assertThatThrownBy(() -> new DeadLetterEncoding(DeadLetterEncoding.MIN_MAX_BYTES - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
    }

    private static DeadLetter letter(byte[] key, byte[] value) {
        return DeadLetter.newBuilder().setSourceTopic("grpo.rollouts").setSourcePartition(3).setSourceOffset(1_234L)
                .setStage("grpo-assembler").setReason(REASON).setErrorType("CORRUPT")
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setFailedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    private static byte[] key(DeadLetter letter) {
        return bytes(letter.getOriginalKey());
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
