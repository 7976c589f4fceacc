package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordDecodingException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordSerdeTest {

    private static final String TOPIC = "grpo.rollouts";

    static Stream<Arguments> everyRecordType() {
        return Stream.of(
                arguments("full Prompt", RecordSerdes.prompt(), SampleRecords.fullPrompt()),
                arguments("sparse Prompt", RecordSerdes.prompt(), SampleRecords.sparsePrompt()),
                arguments("full Rollout", RecordSerdes.rollout(), SampleRecords.fullRollout()),
                arguments("sparse Rollout", RecordSerdes.rollout(), SampleRecords.sparseRollout()),
                arguments("full RewardScore", RecordSerdes.rewardScore(), SampleRecords.fullRewardScore()),
                arguments("sparse RewardScore", RecordSerdes.rewardScore(), SampleRecords.sparseRewardScore()),
                arguments("full AdvantageSample", RecordSerdes.advantageSample(), SampleRecords.fullAdvantageSample()),
                arguments("sparse AdvantageSample", RecordSerdes.advantageSample(), SampleRecords.sparseAdvantageSample()),
                arguments("full SftExample", RecordSerdes.sftExample(), SampleRecords.fullSftExample()),
                arguments("sparse SftExample", RecordSerdes.sftExample(), SampleRecords.sparseSftExample()),
                arguments("full PolicyVersion", RecordSerdes.policyVersion(), SampleRecords.fullPolicyVersion()),
                arguments("sparse PolicyVersion", RecordSerdes.policyVersion(), SampleRecords.sparsePolicyVersion()),
                arguments("full DeadLetter", RecordSerdes.deadLetter(), SampleRecords.fullDeadLetter()),
                arguments("sparse DeadLetter", RecordSerdes.deadLetter(), SampleRecords.sparseDeadLetter()));
    }

    @Nested
    class RoundTrip {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.grpo.schemas.RecordSerdeTest#everyRecordType")
        <T extends SpecificRecord> void decodesEveryFieldItEncoded(String name, RecordSerde<T> serde, T record) {
            T decoded = serde.decode(TOPIC, 0, 0L, serde.encode(record));

            assertThat(decoded).isEqualTo(record);
            for (Schema.Field field : record.getSchema().getFields()) {
                assertThat(decoded.get(field.pos())).as(field.name()).isEqualTo(record.get(field.pos()));
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.grpo.schemas.RecordSerdeTest#everyRecordType")
        <T extends SpecificRecord> void roundTripsThroughTheKafkaViews(String name, RecordSerde<T> serde, T record) {
            byte[] bytes = serde.serializer().serialize(TOPIC, record);

            assertThat(bytes).isEqualTo(serde.encode(record));
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(record);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.grpo.schemas.RecordSerdeTest#everyRecordType")
        <T extends SpecificRecord> void writesTheSingleObjectHeaderOfTheNewestShippedVersion(
                String name, RecordSerde<T> serde, T record) {
            byte[] bytes = serde.encode(record);
            long newest = ShippedSchemas.fingerprint(
                    ShippedSchemas.fromClasspath().latest(record.getSchema().getName()));

            assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
            assertThat(fingerprintIn(bytes)).isEqualTo(newest);
        }

        @Test
        void decodesAConsumedKafkaRecord() {
            RecordSerde<Rollout> serde = RecordSerdes.rollout();
            byte[] bytes = serde.encode(SampleRecords.fullRollout());

            assertThat(serde.decode(new ConsumerRecord<>(TOPIC, 3, 17L, "g-42", bytes)))
                    .isEqualTo(SampleRecords.fullRollout());
        }
    }

    @Nested
    class Tombstones {

        @Test
        void serializerWritesNullForANullRecord() {
            assertThat(RecordSerdes.policyVersion().serializer().serialize("grpo.policy.versions", null)).isNull();
        }

        @Test
        void deserializerReadsNullBytesAsNull() {
            assertThat(RecordSerdes.policyVersion().deserializer().deserialize("grpo.policy.versions", null)).isNull();
        }

        @Test
        void decodeRefusesNullBytesAsCorruptRatherThanReturningNull() {
            RecordDecodingException e = failure(() -> RecordSerdes.rollout().decode(TOPIC, 3, 17L, null));

            assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(e).hasMessageContaining("null bytes");
        }

        @Test
        void encodeRefusesANullRecord() {
            assertThatThrownBy(() -> RecordSerdes.rollout().encode(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("Rollout");
        }
    }

    @Nested
    class Encoding {

        @Test
        void aRecordMissingARequiredFieldIsASerializationErrorNamingTheField() {
            RewardScore incomplete = SampleRecords.fullRewardScore();
            incomplete.setComponent(null);

            assertThatThrownBy(() -> RecordSerdes.rewardScore().encode(incomplete))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("RewardScore")
                    .hasMessageContaining("component");
        }

        @Test
        void isDeterministic() {
            RecordSerde<Rollout> serde = RecordSerdes.rollout();

            assertThat(serde.encode(SampleRecords.fullRollout())).isEqualTo(serde.encode(SampleRecords.fullRollout()));
        }
    }

    @Nested
    class CorruptBytes {

        @Test
        void aWrongMarkerIsCorruptAndNamesTopicPartitionAndOffset() {
            byte[] bytes = RecordSerdes.rollout().encode(SampleRecords.fullRollout());
            bytes[0] = '{';

            RecordDecodingException e = failure(() -> RecordSerdes.rollout().decode(TOPIC, 3, 17L, bytes));

            assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(e.topic()).isEqualTo(TOPIC);
            assertThat(e.partition()).isEqualTo(3);
            assertThat(e.offset()).isEqualTo(17L);
            assertThat(e).hasMessageStartingWith("CORRUPT record in grpo.rollouts partition 3 offset 17: ")
                    .hasMessageContaining("marker C3 01");
        }

        @Test
        void plainTextIsCorrupt() {
            byte[] json = "{\"rollout_id\": \"g-42/3\"}".getBytes(StandardCharsets.UTF_8);

            assertThat(kindOf(RecordSerdes.rewardScore(), json)).isEqualTo(Kind.CORRUPT);
        }

        @Test
        void bytesLeftOverAfterTheRecordAreCorrupt() {
            byte[] record = RecordSerdes.rewardScore().encode(SampleRecords.fullRewardScore());
            byte[] padded = Arrays.copyOf(record, record.length + 3);

            RecordDecodingException e = failure(() -> RecordSerdes.rewardScore().decode(TOPIC, 0, 5L, padded));

            assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(e).hasMessageContaining("3 trailing bytes");
        }

        @Test
        void anOutOfRangeUnionBranchIsCorrupt() throws IOException {
            byte[] bytes = RecordSerdes.rewardScore().encode(SampleRecords.sparseRewardScore());
            int detailsBranch = RecordSerde.HEADER_LENGTH + 5 + 8 + 1; // five empty strings/ints, a double, a string
            assertThat(bytes[detailsBranch]).as("branch 0 (null) of details").isZero();

            bytes[detailsBranch] = 0x04; // zig-zag 2: a third branch of a two-branch union

            assertThat(kindOf(RecordSerdes.rewardScore(), bytes)).isEqualTo(Kind.CORRUPT);
        }

        @Test
        void aNegativeStringLengthIsCorrupt() throws IOException {
            byte[] bytes = rewardScoreBody(body -> {
                body.writeLong(-5);
                body.writeFixed(new byte[32]);
            });

            assertThat(kindOf(RecordSerdes.rewardScore(), bytes)).isEqualTo(Kind.CORRUPT);
        }

        @Test
        void aVarintLongerThanTenBytesIsCorrupt() {
            byte[] bytes = withHeader(RecordSerdes.rewardScore(), new byte[] {
                0x02, 'a', 0x02, 'b', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});

            assertThat(kindOf(RecordSerdes.rewardScore(), bytes)).isEqualTo(Kind.CORRUPT);
        }

        @Test
        void aStringClaimingTwoGibibytesRaisesInsteadOfAllocatingThem() throws IOException {
            byte[] bytes = rewardScoreBody(body -> {
                body.writeLong(Integer.MAX_VALUE - 16);
                body.writeFixed("g-42/3".getBytes(StandardCharsets.UTF_8));
            });

            assertThat(kindOf(RecordSerdes.rewardScore(), bytes)).isEqualTo(Kind.TRUNCATED);
        }

        @Test
        void anArrayClaimingTwoBillionItemsRaisesInsteadOfAllocatingThem() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
            body.writeString("g-42/3");
            body.writeString("g-42");
            body.writeInt(3);
            body.writeInt(8);
            body.writeString("p");
            body.writeLong(Integer.MAX_VALUE - 16); // prompt_token_ids: one block of ~2^31 ints
            body.writeInt(7);
            body.writeInt(8);
            body.flush();
            RecordSerde<AdvantageSample> serde = RecordSerdes.advantageSample();

            assertThat(kindOf(serde, withHeader(serde, out.toByteArray()))).isEqualTo(Kind.TRUNCATED);
        }

        @Test
        void randomlyDamagedRecordsDecodeOrRaiseTheTypedErrorAndNothingElse() {
            RecordSerde<Rollout> serde = RecordSerdes.rollout();
            byte[] good = serde.encode(SampleRecords.fullRollout());
            Random random = new Random(20250314L);
            int raised = 0;
            for (int trial = 0; trial < 3_000; trial++) {
                byte[] damaged = good.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = RecordSerde.HEADER_LENGTH + random.nextInt(good.length - RecordSerde.HEADER_LENGTH);
                    damaged[at] = (byte) random.nextInt(256);
                }
                try {
                    assertThat(serde.decode(TOPIC, 0, trial, damaged)).isNotNull();
                } catch (RecordDecodingException e) {
                    assertThat(e.offset()).isEqualTo(trial);
                    raised++;
                }
            }
            assertThat(raised).as("damaged records that were rejected").isPositive();
        }
    }

    @Nested
    class TruncatedBytes {

        @Test
        void everyProperPrefixOfARecordIsTruncated() {
            RecordSerde<Rollout> serde = RecordSerdes.rollout();
            byte[] bytes = serde.encode(SampleRecords.fullRollout());

            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                assertThat(kindOf(serde, prefix)).as("first %d of %d bytes", length, bytes.length)
                        .isEqualTo(Kind.TRUNCATED);
            }
        }

        @Test
        void aShortHeaderIsTruncatedAndNamesTopicPartitionAndOffset() {
            byte[] bytes = {(byte) 0xC3, 0x01, 0x12, 0x34};

            RecordDecodingException e = failure(() -> RecordSerdes.rollout().decode(TOPIC, 3, 17L, bytes));

            assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
            assertThat(e).hasMessageStartingWith("TRUNCATED record in grpo.rollouts partition 3 offset 17: ")
                    .hasMessageContaining("4 bytes");
        }

        @Test
        void theDeserializerViewReportsUnknownPartitionAndOffset() {
            byte[] bytes = RecordSerdes.rollout().encode(SampleRecords.fullRollout());
            byte[] prefix = Arrays.copyOf(bytes, bytes.length / 2);

            RecordDecodingException e = failure(() -> RecordSerdes.rollout().deserializer().deserialize(TOPIC, prefix));

            assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
            assertThat(e.topic()).isEqualTo(TOPIC);
            assertThat(e.partition()).isEqualTo(-1);
            assertThat(e.offset()).isEqualTo(-1L);
        }

        @Test
        void aConsumedRecordsCoordinatesAreInTheError() {
            byte[] bytes = RecordSerdes.rollout().encode(SampleRecords.fullRollout());
            byte[] prefix = Arrays.copyOf(bytes, bytes.length - 1);

            RecordDecodingException e = failure(
                    () -> RecordSerdes.rollout().decode(new ConsumerRecord<>(TOPIC, 3, 17L, "g-42", prefix)));

            assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
            assertThat(e.partition()).isEqualTo(3);
            assertThat(e.offset()).isEqualTo(17L);
        }
    }

    @Nested
    class UnknownFingerprints {

        @Test
        void aFingerprintNoShippedSchemaHasIsUnknown() {
            byte[] bytes = RecordSerdes.rollout().encode(SampleRecords.fullRollout());
            bytes[5] ^= 0x55;

            RecordDecodingException e = failure(() -> RecordSerdes.rollout().decode(TOPIC, 3, 17L, bytes));

            assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_FINGERPRINT);
            assertThat(e).hasMessageStartingWith("UNKNOWN_FINGERPRINT record in grpo.rollouts partition 3 offset 17: ")
                    .hasMessageContaining(String.format("0x%016x", fingerprintIn(bytes)));
        }

        @Test
        void anotherRecordsFingerprintIsUnknownForThisRecordAndSaysWhichRecordItIs() {
            byte[] rewardBytes = RecordSerdes.rewardScore().encode(SampleRecords.fullRewardScore());

            RecordDecodingException e = failure(() -> RecordSerdes.rollout().decode(TOPIC, 3, 17L, rewardBytes));

            assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_FINGERPRINT);
            assertThat(e).hasMessageContaining("dev.grpo.records.RewardScore");
        }
    }

    private interface BodyWriter {
        void write(BinaryEncoder body) throws IOException;
    }

    private static byte[] rewardScoreBody(BodyWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(body);
        body.flush();
        return withHeader(RecordSerdes.rewardScore(), out.toByteArray());
    }

    private static byte[] withHeader(RecordSerde<?> serde, byte[] body) {
        return ByteBuffer.allocate(RecordSerde.HEADER_LENGTH + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3).put((byte) 0x01).putLong(ShippedSchemas.fingerprint(serde.schema())).put(body)
                .array();
    }

    private static long fingerprintIn(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static Kind kindOf(RecordSerde<?> serde, byte[] bytes) {
        return failure(() -> serde.decode(TOPIC, 0, 0L, bytes)).kind();
    }

    private static RecordDecodingException failure(ThrowingCallable decoding) {
        RecordDecodingException e = catchThrowableOfType(RecordDecodingException.class, decoding);
        assertThat(e).as("decoding raised RecordDecodingException").isNotNull();
        return e;
    }
}
