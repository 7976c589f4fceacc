package dev.grpo.tests.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoCommand;
import dev.grpo.records.Prompt;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code grpo prompts load} of a GSM8K-style Parquet file (Hugging Face's column layout: {@code question},
 * {@code answer} with a worked solution ending in {@code #### N}) against a real broker: every prompt lands on the
 * topic, keyed by its id, with the final answer as its ground truth, and reads back with a plain consumer.
 */
@ExtendWith(KafkaClusterExtension.class)
class LoadPromptsCommandTest {

    private static final List<List<String>> GSM8K = List.of(
            List.of("Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
                            + "How many clips did Natalia sell altogether in April and May?",
                    "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips "
                            + "altogether in April and May.\n#### 72", "72"),
            List.of("Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. "
                            + "How much did she earn?",
                    "Weng earns 12/60 = $<<12/60=0.2>>0.2 per minute.\nWorking 50 minutes, she earned 0.2 x 50 = "
                            + "$<<0.2*50=10>>10.\n#### 10", "10"),
            List.of("A shop sells 1,250 pens a week. How many in 4 weeks?", "1250*4 = <<1250*4=5000>>5000\n#### 5,000",
                    "5000"),
            List.of("It was 3 degrees and fell by 10. What is it now?", "3-10 = <<3-10=-7>>-7\n#### -7", "-7"));

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void everyPromptOfAGsm8kParquetFileLandsOnTheTopicWithItsFinalAnswer(KafkaCluster cluster) throws IOException {
        String topic = cluster.createTopic("prompts", 3);
        Path file = gsm8kParquet();

        int exit = grpo("prompts", "load", file.toString(), "-b", cluster.bootstrapServers(), "--topic", topic,
                "--prompt-field", "question", "--answer-field", "answer", "--task", "gsm8k");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().strip())
                .isEqualTo("loaded 4 prompts from " + file + " into " + topic + "; skipped 0");
        List<ConsumerRecord<byte[], byte[]>> records = cluster.readToEnd(topic);
        Map<String, Prompt> byKey = records.stream().collect(Collectors.toMap(
                r -> new String(r.key(), StandardCharsets.UTF_8), r -> RecordSerdes.prompt().decode(r)));
        assertThat(byKey).containsOnlyKeys("train.parquet:1", "train.parquet:2", "train.parquet:3", "train.parquet:4");
        Map<String, Prompt> byText = byKey.values().stream().collect(Collectors.toMap(Prompt::getText, Function.identity()));
        for (List<String> row : GSM8K) {
            Prompt prompt = byText.get(row.get(0));
            assertThat(prompt).as(row.get(0)).isNotNull();
            assertThat(prompt.getGroundTruth()).isEqualTo(row.get(2));
            assertThat(prompt.getTask()).isEqualTo("gsm8k");
            assertThat(prompt.getLanguage()).isEqualTo("en");
        }
        assertThat(byKey).allSatisfy((key, prompt) -> assertThat(prompt.getPromptId()).isEqualTo(key));
    }

    @Test
    void rowsThatAreNoPromptsAreSkippedNamedAndCountedByReason(KafkaCluster cluster) throws IOException {
        String topic = cluster.createTopic("prompts", 1);
        Path file = dir.resolve("train.jsonl");
        Files.write(file, List.of("{\"question\":\"q1\",\"answer\":\"#### 1\"}", "{\"question\":\"q2\"}",
                "not json", "{\"question\":\"q4\",\"answer\":\"no final answer\"}", "{\"question\":\"q5\"}"));

        int exit = grpo("prompts", "load", file.toString(), "-b", cluster.bootstrapServers(), "--topic", topic,
                "--prompt-field", "question", "--answer-field", "answer", "--answer-format", "gsm8k");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo("loaded 1 prompts from " + file + " into " + topic
                + "; skipped 4 (2 x field \"answer\" is missing or empty, 1 x not JSON: Unrecognized token 'not': was "
                + "expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'), 1 x field "
                + "\"answer\": no \"####\" final answer (--answer-format gsm8k))");
        assertThat(err.toString().lines()).contains(file + " line 2: field \"answer\" is missing or empty (skipped)",
                file + " line 4: field \"answer\": no \"####\" final answer (--answer-format gsm8k) (skipped)");
        assertThat(cluster.readToEnd(topic)).singleElement()
                .satisfies(r -> assertThat(RecordSerdes.prompt().decode(r).getGroundTruth()).isEqualTo("1"));
    }

    @Test
    void aCodeTaskCarriesItsVerificationSpecToTheTopicAndAnInvalidSpecIsSkipped(KafkaCluster cluster)
            throws IOException {
        String topic = cluster.createTopic("prompts", 1);
        Path file = Files.write(dir.resolve("mixed.jsonl"), List.of(
                "{\"id\":\"add\",\"prompt\":\"Write add(a, b).\",\"task\":\"code\",\"checks\":{\"kind\":\"assert\","
                        + "\"language\":\"python\",\"code\":\"assert add(2, 3) == 5\"}}",
                "{\"id\":\"sum\",\"prompt\":\"2+2=\",\"ground_truth\":\"4\",\"task\":\"arithmetic\"}",
                "{\"id\":\"bad\",\"prompt\":\"Echo.\",\"task\":\"code\",\"checks\":{\"kind\":\"stdin-stdout\","
                        + "\"language\":\"python\",\"tests\":[]}}"));

        int exit = grpo("prompts", "load", file.toString(), "-b", cluster.bootstrapServers(), "--topic", topic,
                "--verification-field", "checks");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString().lines()).contains(file + " line 3: field \"checks\": tests: must hold at least one "
                + "test (skipped)");
        Map<String, Prompt> byKey = cluster.readToEnd(topic).stream().collect(Collectors.toMap(
                r -> new String(r.key(), StandardCharsets.UTF_8), r -> RecordSerdes.prompt().decode(r)));
        assertThat(byKey).containsOnlyKeys("add", "sum");
        assertThat(byKey.get("add").getVerification()).isEqualTo("{\"kind\":\"assert\",\"language\":\"python\","
                + "\"code\":\"assert add(2, 3) == 5\",\"time_limit_s\":2,\"memory_mb\":256}");
        assertThat(byKey.get("sum").getVerification()).isNull();
    }

    @Test
    void aTopicThatDoesNotExistIsOneLineAndNothingIsSent(KafkaCluster cluster) throws IOException {
        String topic = cluster.uniqueName("absent-prompts");
        Path file = gsm8kParquet();

        int exit = grpo("prompts", "load", file.toString(), "-b", cluster.bootstrapServers(), "--topic", topic,
                "--prompt-field", "question", "--answer-field", "answer");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("grpo prompts load: topic " + topic + " does not exist on "
                + cluster.bootstrapServers() + " ('grpo topics create' creates the pipeline's topics)");
    }

    private int grpo(String... args) {
        return GrpoCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF)).execute(args);
    }

    /** GSM8K as Hugging Face exports it: optional string columns {@code question} and {@code answer}. */
    private Path gsm8kParquet() throws IOException {
        Schema text = SchemaBuilder.unionOf().nullType().and().stringType().endUnion();
        Schema schema = SchemaBuilder.record("schema").fields()
                .name("question").type(text).withDefault(null)
                .name("answer").type(text).withDefault(null)
                .endRecord();
        Path file = dir.resolve("train.parquet");
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(schema).withConf(new PlainParquetConfiguration()).build()) {
            for (List<String> row : GSM8K) {
                GenericRecord record = new GenericData.Record(schema);
                record.put("question", row.get(0));
                record.put("answer", row.get(1));
                writer.write(record);
            }
        }
        return file;
    }
}
