package dev.grpo.tests.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.cli.GrpoCommand;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.FinishReason;
import dev.grpo.records.Rollout;
import dev.grpo.records.SamplingParams;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code grpo export}: a topic's records, decoded, to JSON lines (an undecodable record becomes an error row) and to
 * Parquet (it is skipped), each row with the record's partition, offset, timestamp and key; the Parquet file reads
 * back, field by field, as the records that were produced.
 */
@ExtendWith(KafkaClusterExtension.class)
class ExportCommandTest {

    private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00.125Z");
    private static final byte[] GARBAGE = {(byte) 0xC3, 0x01, 1, 2, 3};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rolloutsExportToJsonLinesWithTheirCoordinatesAndAnErrorRowForAnUndecodableRecord(KafkaCluster cluster,
            @TempDir Path dir) throws IOException {
        List<Rollout> rollouts = rollouts(4);
        String topic = produceWithGarbageAt(cluster, "replayed-rollouts", rollouts, 2);
        Path file = dir.resolve("rollouts.jsonl");

        Run run = export(cluster, "--topic", topic, "--format", "jsonl", "--out", file.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("exported 4 records", "record Rollout", "1 undecodable (written as error rows)");
        List<JsonNode> rows = Files.readAllLines(file).stream().map(ExportCommandTest::json).toList();
        assertThat(rows).extracting(r -> r.get("offset").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(rows).allSatisfy(row -> assertThat(row.get("partition").asInt()).isZero());
        JsonNode error = rows.get(2);
        assertThat(error.get("error").asText()).contains("partition 0 offset 2");
        assertThat(Base64.getDecoder().decode(error.get("value_base64").asText())).isEqualTo(GARBAGE);
        List<JsonNode> decoded = new ArrayList<>(rows);
        decoded.remove(2);
        for (int i = 0; i < rollouts.size(); i++) {
            Rollout expected = rollouts.get(i);
            JsonNode row = decoded.get(i);
            assertThat(row.get("key").asText()).isEqualTo(expected.getGroupId());
            assertThat(Instant.parse(row.get("timestamp").asText())).isAfter(CREATED);
            JsonNode value = row.get("value");
            assertThat(value.get("rollout_id").asText()).isEqualTo(expected.getRolloutId());
            assertThat(value.get("index").asInt()).isEqualTo(expected.getIndex());
            assertThat(value.get("completion_token_ids")).extracting(JsonNode::asInt)
                    .containsExactlyElementsOf(expected.getCompletionTokenIds());
            assertThat(value.get("behaviour_logprobs")).extracting(n -> n.floatValue())
                    .containsExactlyElementsOf(expected.getBehaviourLogprobs());
            assertThat(value.get("finish_reason").asText()).isEqualTo(expected.getFinishReason().name());
            assertThat(value.get("sampling").get("top_p").floatValue()).isEqualTo(expected.getSampling().getTopP());
            assertThat(value.get("sampling").get("seed").isNull()).isEqualTo(expected.getSampling().getSeed() == null);
            assertThat(value.get("created_at").asText()).isEqualTo(CREATED.toString());
            assertThat(value.get("token_policy_versions").isNull()).isEqualTo(expected.getTokenPolicyVersions() == null);
            if (expected.getTokenPolicyVersions() != null) {
                assertThat(value.get("token_policy_versions")).extracting(JsonNode::asLong)
                        .containsExactlyElementsOf(expected.getTokenPolicyVersions());
            }
        }
    }

    @Test
    void rolloutsExportToParquetThatReadsBackFieldByFieldSkippingTheUndecodableRecord(KafkaCluster cluster,
            @TempDir Path dir) throws IOException {
        List<Rollout> rollouts = rollouts(5);
        String topic = produceWithGarbageAt(cluster, "replayed-rollouts", rollouts, 3);
        Path file = dir.resolve("rollouts.parquet");

        Run run = export(cluster, "--topic", topic, "--format", "parquet", "--out", file.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("exported 5 records", "1 undecodable (skipped)");
        List<GenericRecord> rows = readParquet(file);
        assertThat(rows).extracting(r -> (Long) r.get("offset")).containsExactly(0L, 1L, 2L, 4L, 5L);
        for (int i = 0; i < rollouts.size(); i++) {
            GenericRecord row = rows.get(i);
            assertThat(row.get("partition")).isEqualTo(0);
            assertThat(row.get("key")).isEqualTo(rollouts.get(i).getGroupId());
            assertThat((Instant) row.get("timestamp")).isAfter(CREATED);
            assertSameFields(rollouts.get(i), (SpecificRecord) row.get("value"));
        }
    }

    @Test
    void advantageSamplesWithTheirRewardMapsRoundTripThroughParquetFromAnOffsetAndUpToAMaximum(KafkaCluster cluster,
            @TempDir Path dir) throws IOException {
        List<AdvantageSample> samples = IntStream.range(0, 6).mapToObj(ExportCommandTest::advantageSample).toList();
        String topic = cluster.createTopic("grpo.advantages.run", 1);
        produce(cluster, topic, samples.stream()
                .map(s -> Map.entry(s.getGroupId(), RecordSerdes.advantageSample().encode(s))).toList());
        Path file = dir.resolve("advantages.parquet");

        Run run = export(cluster, "--topic", topic, "--format", "parquet", "--out", file.toString(),
                "--from", "offset:2", "--max-records", "3", "--record", "AdvantageSample");

        assertThat(run.exitCode).as(run.err).isZero();
        List<GenericRecord> rows = readParquet(file);
        assertThat(rows).extracting(r -> (Long) r.get("offset")).containsExactly(2L, 3L, 4L);
        for (int i = 0; i < rows.size(); i++) {
            assertSameFields(samples.get(i + 2), (SpecificRecord) rows.get(i).get("value"));
        }
    }

    @Test
    void anUnknownTopicOrFormatIsAOneLineError(KafkaCluster cluster, @TempDir Path dir) {
        Run unknownTopic = export(cluster, "--topic", "no-such-topic", "--format", "jsonl", "--out",
                dir.resolve("x.jsonl").toString());
        Run badFormat = export(cluster, "--topic", "grpo.rollouts", "--format", "csv", "--out",
                dir.resolve("x.csv").toString());

        assertThat(unknownTopic.exitCode).isEqualTo(2);
        assertThat(unknownTopic.err.lines().findFirst()).hasValue("grpo export: topic 'no-such-topic' does not exist");
        assertThat(badFormat.exitCode).isEqualTo(2);
        assertThat(badFormat.err.lines().findFirst().orElseThrow()).contains("unknown format 'csv': use jsonl or parquet");
        assertThat(dir.resolve("x.jsonl")).doesNotExist();
    }

    private static void assertSameFields(SpecificRecord expected, SpecificRecord actual) {
        assertThat(actual.getSchema().getFullName()).isEqualTo(expected.getSchema().getFullName());
        for (Schema.Field field : expected.getSchema().getFields()) {
            assertThat(actual.get(field.pos())).as(field.name()).isEqualTo(expected.get(field.pos()));
        }
    }

    private static List<GenericRecord> readParquet(Path file) throws IOException {
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
                new PlainParquetConfiguration()).withDataModel(model).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Produces the rollouts to partition 0, with undecodable bytes at offset {@code garbageAt}. */
    private static String produceWithGarbageAt(KafkaCluster cluster, String prefix, List<Rollout> rollouts,
                                               int garbageAt) {
        String topic = cluster.createTopic(prefix, 1);
        List<Map.Entry<String, byte[]>> records = new ArrayList<>(rollouts.stream()
                .map(r -> Map.entry(r.getGroupId(), RecordSerdes.rollout().encode(r))).toList());
        records.add(garbageAt, Map.entry("garbage", GARBAGE));
        produce(cluster, topic, records);
        return topic;
    }

    /** Produces keyed values, in order, to partition 0. */
    private static void produce(KafkaCluster cluster, String topic, List<Map.Entry<String, byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> record : records) {
                producer.send(new ProducerRecord<>(topic, 0, record.getKey().getBytes(StandardCharsets.UTF_8),
                        record.getValue()));
            }
            producer.flush();
        }
    }

    private static List<Rollout> rollouts(int count) {
        return IntStream.range(0, count).mapToObj(i -> Rollout.newBuilder()
                .setRolloutId("g-" + i + "/0").setGroupId("g-" + i).setIndex(0).setGroupSize(2)
                .setPromptId("arith-" + i).setPrompt("What is " + i + " + 1?").setGroundTruth(Integer.toString(i + 1))
                .setLanguage("en").setTask("arithmetic").setPromptTokenIds(List.of(1, 2, i))
                .setCompletionTokenIds(List.of(3, 4 + i)).setBehaviourLogprobs(List.of(-0.5f, -1.25f * i))
                .setCompletionText("<answer>" + (i + 1) + "</answer>")
                .setFinishReason(i % 2 == 0 ? FinishReason.STOP : FinishReason.LENGTH).setPolicyVersion(i)
                .setGeneratorId("generator-1")
                .setSampling(SamplingParams.newBuilder().setTemperature(1f).setTopP(0.9f + i / 100f)
                        .setMaxNewTokens(32).setSeed(i % 2 == 0 ? null : (long) i).build())
                .setCreatedAt(CREATED).setFinishedAt(CREATED.plusMillis(i))
                .setTokenPolicyVersions(i % 2 == 0 ? null : List.of((long) i, i + 1L)).build()).toList();
    }

    private static AdvantageSample advantageSample(int i) {
        return AdvantageSample.newBuilder().setRolloutId("g-" + i + "/1").setGroupId("g-" + i).setIndex(1)
                .setGroupSize(4).setPromptId("arith-" + i).setPromptTokenIds(List.of(1, 2)).setCompletionTokenIds(List.of(3))
                .setBehaviourLogprobs(List.of(-0.5f)).setTemperature(1f).setPolicyVersion(i).setReward(1.5)
                .setRewardComponents(Map.of("accuracy", 1.0, "format", 0.5 * i))
                .setRewardVersions(Map.of("accuracy", "rules-2", "format", "rules-1"))
                .setAdvantage(0.25 * i - 0.5).setAssembledAt(CREATED)
                .setTokenPolicyVersions(i % 2 == 0 ? null : List.of((long) i)).build();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static Run export(KafkaCluster cluster, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("export", "-b", cluster.bootstrapServers()));
        args.addAll(List.of(options));
        int exitCode = GrpoCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** What one {@code grpo} invocation printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }
}
