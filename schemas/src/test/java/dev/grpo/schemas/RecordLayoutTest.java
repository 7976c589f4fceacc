package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.Rollout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordLayoutTest {

    private final RecordSerde<Rollout> serde = RecordSerdes.rollout();

    private RecordLayout layoutOf(Rollout rollout) {
        return serde.layout("t", 0, 0, serde.encode(rollout));
    }

    @Nested
    class ReadingFields {

        @Test
        void readsEveryScalarAsTheDecoderDoes() {
            for (Rollout rollout : List.of(SampleRecords.fullRollout(), SampleRecords.sparseRollout())) {
                RecordLayout layout = layoutOf(rollout);
                assertThat(layout.stringField("rollout_id")).isEqualTo(rollout.getRolloutId());
                assertThat(layout.stringField("completion_text")).isEqualTo(rollout.getCompletionText());
                assertThat(layout.intField("index")).isEqualTo(rollout.getIndex());
                assertThat(layout.intField("group_size")).isEqualTo(rollout.getGroupSize());
                assertThat(layout.longField("policy_version")).isEqualTo(rollout.getPolicyVersion());
                assertThat(layout.enumField("finish_reason")).isEqualTo(rollout.getFinishReason().name());
                assertThat(layout.floatField("sampling.temperature")).isEqualTo(rollout.getSampling().getTemperature());
                assertThat(layout.intField("sampling.max_new_tokens")).isEqualTo(rollout.getSampling().getMaxNewTokens());
                assertThat(layout.arrayLength("completion_token_ids")).isEqualTo(rollout.getCompletionTokenIds().size());
                assertThat(layout.arrayLength("behaviour_logprobs")).isEqualTo(rollout.getBehaviourLogprobs().size());
            }
        }

        @Test
        void readsNonAsciiTextAndLargeNumbers() {
            Rollout rollout = SampleRecords.fullRollout();
            rollout.setCompletionText("<think>先算 7×8</think><answer>56</answer>");
            rollout.setPolicyVersion(Long.MAX_VALUE);
            rollout.setIndex(-3);
            RecordLayout layout = layoutOf(rollout);
            assertThat(layout.stringField("completion_text")).isEqualTo(rollout.getCompletionText());
            assertThat(layout.longField("policy_version")).isEqualTo(Long.MAX_VALUE);
            assertThat(layout.intField("index")).isEqualTo(-3);
        }

        @Test
        void readsAnOptionalStringWhenPresentAndNothingWhenNull() {
            Rollout rollout = SampleRecords.fullRollout();
            rollout.setVerification("{\"kind\": \"assert\", \"language\": \"python\", \"code\": \"assert f() == 1\"}");
            assertThat(layoutOf(rollout).optionalStringField("verification")).contains(rollout.getVerification());
            rollout.setVerification(null);
            assertThat(layoutOf(rollout).optionalStringField("verification")).isEmpty();
            assertThat(layoutOf(rollout).optionalStringField("not_in_this_schema")).isEmpty();
        }

        @Test
        void namesAMissingFieldOrAWrongType() {
            RecordLayout layout = layoutOf(SampleRecords.fullRollout());
            assertThat(layout.has("sampling.top_p")).isTrue();
            assertThat(layout.has("reward")).isFalse();
            assertThatThrownBy(() -> layout.intField("reward")).hasMessageContaining("no field 'reward'");
            assertThatThrownBy(() -> layout.intField("prompt")).hasMessageContaining("Rollout.prompt is STRING, not INT");
        }
    }

    @Nested
    class CopyingFields {

        @Test
        void copiedArraysDecodeToTheOriginalItems() throws IOException {
            Rollout rollout = SampleRecords.fullRollout();
            RecordLayout layout = layoutOf(rollout);
            for (String field : List.of("prompt_token_ids", "completion_token_ids", "behaviour_logprobs")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
                layout.copyField(field, encoder);
                encoder.flush();
                Schema schema = layout.fieldSchema(field);
                Object copied = new GenericDatumReader<>(schema).read(null,
                        DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
                assertThat(new ArrayList<>((List<?>) copied)).isEqualTo(new ArrayList<>((List<?>) rollout.get(field)));
            }
        }

        @Test
        void encodingWithCopiedArraysGivesTheBytesOfTheRecordWithThoseArraysSet() {
            Rollout rollout = SampleRecords.fullRollout();
            AdvantageSample expected = SampleRecords.fullAdvantageSample();
            expected.setPromptTokenIds(rollout.getPromptTokenIds());
            expected.setCompletionTokenIds(rollout.getCompletionTokenIds());
            expected.setBehaviourLogprobs(rollout.getBehaviourLogprobs());
            AdvantageSample hollow = SampleRecords.fullAdvantageSample();
            hollow.setPromptTokenIds(List.of());
            hollow.setCompletionTokenIds(List.of());
            hollow.setBehaviourLogprobs(List.of());
            RecordSerde<AdvantageSample> samples = RecordSerdes.advantageSample();

            byte[] copied = samples.encodeCopying(hollow, layoutOf(rollout),
                    Set.of("prompt_token_ids", "completion_token_ids", "behaviour_logprobs"));

            assertThat(copied).isEqualTo(samples.encode(expected));
            assertThat(samples.decode("t", 0, 0, copied)).isEqualTo(expected);
        }

        @Test
        void refusesToCopyAFieldOfAnotherType() {
            RecordSerde<AdvantageSample> samples = RecordSerdes.advantageSample();
            assertThatThrownBy(() -> samples.encodeCopying(SampleRecords.fullAdvantageSample(),
                    layoutOf(SampleRecords.fullRollout()), Set.of("group_size", "prompt")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot copy field");
        }

        @Test
        void copiesAnOptionalArrayWhenSetAndWhenNull() {
            Set<String> copied = Set.of("prompt_token_ids", "completion_token_ids", "behaviour_logprobs",
                    "token_policy_versions");
            RecordSerde<AdvantageSample> samples = RecordSerdes.advantageSample();
            for (List<Long> versions : Arrays.asList(List.of(3L, 3L, 4L), null)) {
                Rollout rollout = SampleRecords.fullRollout();
                rollout.setPolicyVersion(3L);
                rollout.setTokenPolicyVersions(versions);
                AdvantageSample sample = SampleRecords.fullAdvantageSample();
                sample.setTokenPolicyVersions(List.of(99L));

                AdvantageSample read = samples.decode("t", 0, 0, samples.encodeCopying(sample, layoutOf(rollout), copied));

                assertThat(read.getTokenPolicyVersions()).isEqualTo(versions);
                assertThat(read.getCompletionTokenIds()).isEqualTo(rollout.getCompletionTokenIds());
            }
        }

        @Test
        void refusesToCopyAnArrayOfOtherItems() {
            Schema floats = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                    + "{\"name\":\"completion_token_ids\",\"type\":{\"type\":\"array\",\"items\":\"float\"}}]}");
            RecordLayout layout = layoutOf(SampleRecords.fullRollout());
            assertThatThrownBy(() -> new FieldCopyingWriter<AdvantageSample>(floats, layout, Set.of("completion_token_ids")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot copy field");
        }

        @Test
        void countsItemsOfArraysWrittenInSeveralBlocks() throws IOException {
            Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                    + "{\"name\":\"ids\",\"type\":{\"type\":\"array\",\"items\":\"int\"}},"
                    + "{\"name\":\"p\",\"type\":{\"type\":\"array\",\"items\":\"float\"}}]}");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
            encoder.writeLong(2);
            encoder.writeInt(300);
            encoder.writeInt(-1);
            encoder.writeLong(-1);
            encoder.writeLong(1);
            encoder.writeInt(7);
            encoder.writeLong(0);
            encoder.writeLong(3);
            encoder.writeFloat(1f);
            encoder.writeFloat(2f);
            encoder.writeFloat(3f);
            encoder.writeLong(0);
            encoder.flush();
            byte[] bytes = withHeader(body.toByteArray());
            Map<String, BodyWalk.FieldSpan> spans = new HashMap<>();
            BodyWalk.walk(schema, bytes, RecordSerde.HEADER_LENGTH, spans);
            RecordLayout layout = new RecordLayout(bytes, schema, spans);
            assertThat(layout.arrayLength("ids")).isEqualTo(3);
            assertThat(layout.arrayLength("p")).isEqualTo(3);
        }
    }

    @Nested
    class CheckingBytes {

        @Test
        void rejectsEveryTruncationOfARecord() {
            byte[] bytes = serde.encode(SampleRecords.fullRollout());
            for (int length = RecordSerde.HEADER_LENGTH; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> serde.layout("t", 1, 2, cut))
                        .isInstanceOf(RecordDecodingException.class)
                        .satisfies(e -> assertThat(((RecordDecodingException) e).kind())
                                .isIn(RecordDecodingException.Kind.TRUNCATED, RecordDecodingException.Kind.CORRUPT));
            }
        }

        @Test
        void randomCorruptionsEitherReadOrRaiseTheTypedError() {
            byte[] bytes = serde.encode(SampleRecords.fullRollout());
            Random random = new Random(11);
            for (int trial = 0; trial < 2_000; trial++) {
                byte[] corrupt = bytes.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int at = RecordSerde.HEADER_LENGTH + random.nextInt(bytes.length - RecordSerde.HEADER_LENGTH);
                    corrupt[at] = (byte) random.nextInt(256);
                }
                try {
                    RecordLayout layout = serde.layout("t", 0, trial, corrupt);
                    assertThat(layout.arrayLength("completion_token_ids")).isNotNegative();
                } catch (RecordDecodingException expected) {
                    assertThat(expected.offset()).isEqualTo(trial);
                }
            }
        }

        @Test
        void agreesWithTheDecoderOnWhatIsARecord() {
            byte[] bytes = serde.encode(SampleRecords.sparseRollout());
            byte[] trailing = Arrays.copyOf(bytes, bytes.length + 2);
            assertThatThrownBy(() -> serde.layout("t", 0, 0, trailing)).hasMessageContaining("2 trailing bytes");
            assertThatThrownBy(() -> serde.decode("t", 0, 0, trailing)).hasMessageContaining("2 trailing bytes");
        }
    }

    private byte[] withHeader(byte[] body) {
        byte[] bytes = new byte[RecordSerde.HEADER_LENGTH + body.length];
        bytes[0] = (byte) 0xC3;
        bytes[1] = 0x01;
        System.arraycopy(body, 0, bytes, RecordSerde.HEADER_LENGTH, body.length);
        return bytes;
    }
}
