package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.grpo.records.RewardScore;
import dev.grpo.schemas.RecordDecodingException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShippedSchemasTest {

    private static final Path CURRENT_SCHEMAS = Path.of("src/main/avro");
    private static final Path HISTORY = Path.of("src/main/resources").resolve(ShippedSchemas.HISTORY_RESOURCE);

    private final ShippedSchemas shipped = ShippedSchemas.fromClasspath();

    static Stream<String> records() {
        return ShippedSchemas.RECORDS.stream();
    }

    static Stream<Arguments> everyShippedVersion() {
        ShippedSchemas shipped = ShippedSchemas.fromClasspath();
        return records().flatMap(record -> IntStream.rangeClosed(1, shipped.versions(record).size())
                .mapToObj(version -> Arguments.of(record, version)));
    }

    @Nested
    class History {

        @Test
        void everySchemaFileIsAShippedRecord() throws IOException {
            try (Stream<Path> files = Files.list(CURRENT_SCHEMAS)) {
                List<String> names = files.map(f -> f.getFileName().toString().replaceFirst("\\.avsc$", "")).toList();
                assertThat(names).containsExactlyInAnyOrderElementsOf(ShippedSchemas.RECORDS);
            }
            assertThat(shipped.records()).containsExactlyElementsOf(ShippedSchemas.RECORDS);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.grpo.schemas.ShippedSchemasTest#records")
        void theSchemaFileIsItsNewestShippedVersion(String record) throws IOException {
            Schema current = new Schema.Parser().parse(CURRENT_SCHEMAS.resolve(record + ".avsc").toFile());
            int newest = shipped.versions(record).size();

            assertThat(current.toString(true))
                    .as("src/main/avro/%s.avsc changed but is not registered: copy it to %s%s/v%d.avsc "
                            + "(see schemas/README.md, 'Shipping a new schema version')",
                            record, ShippedSchemas.HISTORY_RESOURCE, record, newest + 1)
                    .isEqualTo(shipped.latest(record).toString(true));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.grpo.schemas.ShippedSchemasTest#records")
        void versionsAreNumberedFromOneWithoutGaps(String record) throws IOException {
            int count = shipped.versions(record).size();
            try (Stream<Path> files = Files.list(HISTORY.resolve(record))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrderElementsOf(
                                IntStream.rangeClosed(1, count).mapToObj(n -> "v" + n + ".avsc").toList());
            }
        }

        @ParameterizedTest(name = "{0} v{1}")
        @MethodSource("dev.grpo.schemas.ShippedSchemasTest#everyShippedVersion")
        void everyVersionIsFoundByItsFingerprint(String record, int version) {
            Schema schema = shipped.versions(record).get(version - 1);

            assertThat(shipped.findByFingerprint(ShippedSchemas.fingerprint(schema))).isSameAs(schema);
        }

        @Test
        void anUnknownFingerprintFindsNothing() {
            assertThat(shipped.findByFingerprint(0x0123456789abcdefL)).isNull();
        }

        @Test
        void anUnknownRecordHasNoVersions() {
            assertThatThrownBy(() -> shipped.versions("SamplingParams"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SamplingParams").hasMessageContaining("Rollout");
        }
    }

    @Nested
    class Evolution {

        @ParameterizedTest(name = "current {0} reads v{1}, v{1} reads current {0}")
        @MethodSource("dev.grpo.schemas.ShippedSchemasTest#everyShippedVersion")
        void theCurrentReaderAndEveryShippedVersionReadEachOther(String record, int version) throws Exception {
            Schema current = currentSchema(record);
            Schema shippedVersion = shipped.versions(record).get(version - 1);

            assertThat(compatibility(current, shippedVersion)).as("current reads v%d", version)
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(compatibility(shippedVersion, current)).as("v%d reads current", version)
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.grpo.schemas.ShippedSchemasTest#records")
        void theCurrentSchemaHasNoIncompatibilities(String record) throws Exception {
            assertThat(shipped.incompatibilities(currentSchema(record))).isEmpty();
        }

        @Test
        void aRequiredFieldWithoutDefaultIsCaught() throws IOException {
            Schema withRequiredField = evolutionVariant("RewardScore-required-weight");

            assertThat(compatibility(withRequiredField, shipped.latest("RewardScore")))
                    .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
            assertThat(shipped.incompatibilities(withRequiredField)).singleElement().asString()
                    .startsWith("candidate cannot read records written with RewardScore v1")
                    .contains(SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE.name())
                    .contains("weight");
            assertThatThrownBy(() -> shipped.withVersion(withRequiredField))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
        }

        @Test
        void aChangedFieldTypeIsCaughtInBothDirections() throws IOException {
            Schema valueAsString = evolutionVariant("RewardScore-value-as-string");

            assertThat(shipped.incompatibilities(valueAsString))
                    .hasSize(2)
                    .allSatisfy(problem -> assertThat(problem)
                            .contains(SchemaIncompatibilityType.TYPE_MISMATCH.name()).contains("/fields/5/type"));
        }

        @Test
        void aVersionWithAnAddedOptionalFieldIsCompatible() throws IOException {
            Schema v2 = evolutionVariant("RewardScore-v2-optional-confidence");

            assertThat(shipped.incompatibilities(v2)).isEmpty();
            assertThat(shipped.withVersion(v2).versions("RewardScore")).hasSize(2).last().isSameAs(v2);
        }

        @Test
        void theCurrentReaderDecodesARecordWrittenWithANewerVersionThroughTheStore() throws IOException {
            Schema v2 = evolutionVariant("RewardScore-v2-optional-confidence");
            GenericRecord written = new GenericRecordBuilder(v2)
                    .set("rollout_id", "g-7/1").set("group_id", "g-7").set("index", 1).set("group_size", 4)
                    .set("component", "accuracy").set("value", 1.0).set("reward_version", "rules-2")
                    .set("details", "extracted 42").set("scored_at", 1_700_000_000_000L).set("confidence", 0.9)
                    .build();
            byte[] bytes = bytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(written));

            RewardScore read = RecordSerdes.forType(RewardScore.class, shipped.withVersion(v2))
                    .decode("grpo.rewards.accuracy", 2, 9L, bytes);

            assertThat(read).isEqualTo(RewardScore.newBuilder().setRolloutId("g-7/1").setGroupId("g-7").setIndex(1)
                    .setGroupSize(4).setComponent("accuracy").setValue(1.0).setRewardVersion("rules-2")
                    .setDetails("extracted 42").setScoredAt(Instant.ofEpochMilli(1_700_000_000_000L)).build());
            RecordDecodingException unregistered = catchThrowableOfType(RecordDecodingException.class,
                    () -> RecordSerdes.rewardScore().decode("grpo.rewards.accuracy", 2, 9L, bytes));
            assertThat(unregistered.kind()).isEqualTo(Kind.UNKNOWN_FINGERPRINT);
        }

        @Test
        void aNewerReaderDecodesARecordWrittenWithTheCurrentVersionThroughTheStore() throws IOException {
            Schema v2 = evolutionVariant("RewardScore-v2-optional-confidence");
            byte[] bytes = RecordSerdes.rewardScore().encode(SampleRecords.fullRewardScore());

            GenericRecord read = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v2, shipped).decode(bytes);

            assertThat(read.get("component")).hasToString("language_consistency");
            assertThat(read.get("value")).isEqualTo(0.875);
            assertThat(read.get("confidence")).isNull();
        }

        @Test
        void aVersionAlreadyShippedCannotBeRegisteredAgain() {
            assertThatThrownBy(() -> shipped.withVersion(shipped.latest("Rollout")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        }
    }

    private static Schema currentSchema(String record) throws ClassNotFoundException {
        Class<?> type = Class.forName("dev.grpo.records." + record);
        return SpecificData.getForClass(type).getSchema(type);
    }

    private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }

    private static Schema evolutionVariant(String name) throws IOException {
        try (InputStream in = ShippedSchemasTest.class.getResourceAsStream("/evolution/" + name + ".avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
