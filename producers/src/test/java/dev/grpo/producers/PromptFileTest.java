package dev.grpo.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.records.Prompt;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt files in the layouts data sets ship in: JSON lines and Parquet with their own column names, mapped to
 * prompts whose ground truth is the final answer.
 */
class PromptFileTest {

    private static final PromptFields GSM8K = new PromptFields("question", "answer", true, "id",
            AnswerFormat.AUTO, null, null);
    private static final PromptFields MATH = new PromptFields("problem", "solution", true, "idx",
            AnswerFormat.BOXED, "math", null);

    private static final String ASSERT_SPEC =
            "{\"kind\":\"assert\",\"language\":\"python\",\"code\":\"assert add(2, 3) == 5\",\"time_limit_s\":2}";
    private static final String STDIN_SPEC = "{\"kind\": \"stdin-stdout\", \"language\": \"python\", "
            + "\"tests\": [{\"input\": \"hi\\n\", \"output\": \"hi\"}], \"time_limit_s\": 1.5, \"memory_mb\": 64}";

    @TempDir
    Path dir;

    @Test
    void jsonLinesMapTheirOwnFieldNamesAndExtractTheFinalAnswer() throws IOException {
        Path file = Files.write(dir.resolve("gsm8k.jsonl"), List.of(
                "{\"question\":\"How many?\",\"answer\":\"48+24=72\\n#### 72\"}",
                "{\"question\":\"How much?\",\"answer\":\"#### 1,000\",\"id\":\"q2\",\"language\":\"de\"}"));

        List<Prompt> prompts = new PromptFile(file, GSM8K).read(10);

        assertThat(prompts).extracting(Prompt::getPromptId).containsExactly("gsm8k.jsonl:1", "q2");
        assertThat(prompts).extracting(Prompt::getText).containsExactly("How many?", "How much?");
        assertThat(prompts).extracting(Prompt::getGroundTruth).containsExactly("72", "1000");
        assertThat(prompts).extracting(Prompt::getLanguage).containsExactly("en", "de");
        assertThat(prompts).extracting(Prompt::getTask).containsOnly(PromptFields.DEFAULT_TASK);
    }

    @Test
    void theStandardFormatReadsEveryFieldOfALine() throws IOException {
        Path file = Files.write(dir.resolve("prompts.jsonl"), List.of(
                "{\"id\":\"p1\",\"prompt\":\"2+2=\",\"ground_truth\":\"4\",\"language\":\"zh\",\"task\":\"arithmetic\"}",
                "{\"id\":7,\"prompt\":\"hi\"}"));

        List<Prompt> prompts = new PromptFile(file, PromptFields.standard()).read(10);

        assertThat(prompts.get(0)).extracting(Prompt::getPromptId, Prompt::getText, Prompt::getGroundTruth,
                Prompt::getLanguage, Prompt::getTask).containsExactly("p1", "2+2=", "4", "zh", "arithmetic");
        assertThat(prompts.get(1)).extracting(Prompt::getPromptId, Prompt::getGroundTruth, Prompt::getLanguage,
                Prompt::getTask).containsExactly("7", "", "en", "generic");
    }

    @Test
    void aGivenTaskAndLanguageOverrideTheRows() throws IOException {
        Path file = Files.write(dir.resolve("prompts.jsonl"),
                List.of("{\"prompt\":\"x\",\"task\":\"arithmetic\",\"language\":\"zh\"}"));
        PromptFields fields = new PromptFields("prompt", "ground_truth", false, "id", AnswerFormat.AUTO, "gsm8k", "fr");

        assertThat(new PromptFile(file, fields).read(1).get(0))
                .extracting(Prompt::getTask, Prompt::getLanguage).containsExactly("gsm8k", "fr");
    }

    @Test
    void gzipCompressedJsonLinesReadLikePlainOnes() throws IOException {
        Path file = dir.resolve("gsm8k.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"question\":\"q\",\"answer\":\"#### -7\"}\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(new PromptFile(file, GSM8K).read(10)).extracting(Prompt::getGroundTruth).containsExactly("-7");
    }

    @Test
    void parquetInTheHuggingFaceLayoutMapsItsColumns() throws IOException {
        Path file = parquet("train.parquet", Map.of("question", "Natalia sold 48 clips...",
                "answer", "48+24 = <<48+24=72>>72\n#### 72"), Map.of("question", "Second?", "answer", "#### 5,000"));

        List<Prompt> prompts = new PromptFile(file, GSM8K).read(10);

        assertThat(prompts).extracting(Prompt::getPromptId).containsExactly("train.parquet:1", "train.parquet:2");
        assertThat(prompts).extracting(Prompt::getText).containsExactly("Natalia sold 48 clips...", "Second?");
        assertThat(prompts).extracting(Prompt::getGroundTruth).containsExactly("72", "5000");
    }

    /** The GSM8K sample also has an INT96 timestamp column, which parquet-avro cannot convert: it is never read. */
    @Test
    void parquetWrittenByPyarrowAsHuggingFaceDatasetsExportsItReadsOnlyItsMappedColumns() throws URISyntaxException {
        List<Prompt> gsm8k = new PromptFile(resource("gsm8k-sample.parquet"), GSM8K).read(10);
        List<Prompt> math = new PromptFile(resource("math-sample.parquet"), MATH).read(10);

        assertThat(gsm8k).extracting(Prompt::getGroundTruth).containsExactly("72", "3000", "-7");
        assertThat(gsm8k.get(0).getText()).startsWith("Natalia sold clips to 48 of her friends in April");
        assertThat(math).extracting(Prompt::getPromptId).containsExactly("0", "1", "2");
        assertThat(math).extracting(Prompt::getGroundTruth).containsExactly("\\frac{1}{2}", "2", "\\{1,2,3\\}");
        assertThat(math).extracting(Prompt::getTask).containsOnly("math");
    }

    @Test
    void aRowMissingTheMappedFieldIsMalformedNamingTheFieldAndTheRow() throws IOException {
        Path jsonl = Files.write(dir.resolve("gsm8k.jsonl"), List.of("{\"question\":\"q\",\"answer\":\"#### 1\"}",
                "", "{\"question\":\"q\"}"));
        Path parquet = parquet("train.parquet", Map.of("question", "q", "answer", "#### 1"), Map.of("answer", "#### 2"));

        assertThatThrownBy(() -> new PromptFile(jsonl, GSM8K).read(10)).isInstanceOf(MalformedPromptException.class)
                .hasMessage(jsonl + " line 3: field \"answer\" is missing or empty");
        assertThatThrownBy(() -> new PromptFile(parquet, GSM8K).read(10)).isInstanceOf(MalformedPromptException.class)
                .hasMessage(parquet + " row 2: field \"question\" is missing or empty");
    }

    @Test
    void anAnswerWithoutAFinalAnswerInTheChosenFormatIsMalformed() throws IOException {
        Path file = Files.write(dir.resolve("math.jsonl"), List.of("{\"problem\":\"p\",\"solution\":\"x = 2\"}"));

        assertThatThrownBy(() -> new PromptFile(file, MATH).read(10))
                .hasMessage(file + " line 1: field \"solution\": no \\boxed{...} final answer (--answer-format boxed)");
    }

    @Test
    void aLineThatIsNoJsonObjectOrAFieldOfTheWrongTypeIsMalformed() throws IOException {
        Path file = Files.write(dir.resolve("p.jsonl"), List.of("not json", "[1]", "{\"prompt\":7}"));
        List<String> problems = new ArrayList<>();
        try (PromptReader reader = new PromptFile(file, PromptFields.standard()).open()) {
            for (int i = 0; i < 3; i++) {
                try {
                    reader.next();
                } catch (MalformedPromptException e) {
                    problems.add(e.getMessage());
                }
            }
            assertThat(reader.next()).isNull();
        }

        assertThat(problems).containsExactly(file + " line 1: not JSON: Unrecognized token 'not': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                file + " line 2: not a JSON object (a prompt file holds one object per line)",
                file + " line 3: field \"prompt\" must be text, got 7");
    }

    @Test
    void aParquetFileWithoutTheMappedColumnFailsAtOnceListingItsColumns() throws IOException {
        Path file = parquet("train.parquet", Map.of("question", "q", "answer", "#### 1"));
        PromptFields misspelt = new PromptFields("questoin", "answer", true, "id", AnswerFormat.AUTO, null, null);

        assertThatThrownBy(() -> new PromptFile(file, misspelt).open()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " has no column \"questoin\" (--prompt-field); its columns: question, answer");
    }

    @Test
    void aFileThatIsNoParquetIsUnreadable() throws IOException {
        Path file = Files.writeString(dir.resolve("train.parquet"), "{\"prompt\":\"x\"}\n");

        assertThatThrownBy(() -> new PromptFile(file, PromptFields.standard()).open())
                .isInstanceOf(UncheckedIOException.class).hasMessageStartingWith("cannot read prompt file " + file);
    }

    @Test
    void anUnknownExtensionOrAMissingFileFailsBeforeReading() {
        assertThatThrownBy(() -> new PromptFile(dir.resolve("train.csv"), PromptFields.standard()))
                .hasMessage("unknown prompt file type: " + dir.resolve("train.csv")
                        + " (expected .jsonl, .json, .jsonl.gz, .json.gz, .parquet)");
        assertThatThrownBy(() -> new PromptFile(dir.resolve("absent.parquet"), PromptFields.standard()))
                .hasMessage("prompt file " + dir.resolve("absent.parquet") + " does not exist");
    }

    @Test
    void readingStopsAtTheLimitAndAnEmptyFileHoldsNoPrompts() throws IOException {
        Path file = Files.write(dir.resolve("p.jsonl"), List.of("{\"prompt\":\"a\"}", "{\"prompt\":\"b\"}", "broken"));
        Path empty = Files.write(dir.resolve("empty.jsonl"), List.of(""));

        assertThat(new PromptFile(file, PromptFields.standard()).read(2)).extracting(Prompt::getText)
                .containsExactly("a", "b");
        assertThatThrownBy(() -> new PromptFile(empty, PromptFields.standard()).read(5))
                .hasMessage("prompt file " + empty + " holds no prompts");
    }

    @Test
    void aVerificationSpecIsReadAsAJsonObjectOrAsJsonTextAndCarriedInCanonicalForm() throws IOException {
        Path file = Files.write(dir.resolve("code.jsonl"), List.of(
                "{\"prompt\":\"add\",\"task\":\"code\",\"verification\":" + ASSERT_SPEC + "}",
                "{\"prompt\":\"echo\",\"task\":\"code\",\"verification\":" + quoted(STDIN_SPEC) + "}",
                "{\"prompt\":\"2+2=\",\"ground_truth\":\"4\"}"));

        List<Prompt> prompts = new PromptFile(file, PromptFields.standard()).read(10);

        assertThat(prompts).extracting(Prompt::getVerification).containsExactly(
                "{\"kind\":\"assert\",\"language\":\"python\",\"code\":\"assert add(2, 3) == 5\","
                        + "\"time_limit_s\":2,\"memory_mb\":256}",
                "{\"kind\":\"stdin-stdout\",\"language\":\"python\",\"tests\":[{\"input\":\"hi\\n\","
                        + "\"output\":\"hi\"}],\"time_limit_s\":1.5,\"memory_mb\":64}",
                null);
    }

    @Test
    void aParquetColumnHoldsTheVerificationSpecAsJsonText() throws IOException {
        Path file = parquet("code.parquet", Map.of("question", "add", "answer", "#### 5", "verification", ASSERT_SPEC),
                Map.of("question", "none", "answer", "#### 1"));

        List<Prompt> prompts = new PromptFile(file, GSM8K).read(10);

        assertThat(prompts.get(0).getVerification()).startsWith("{\"kind\":\"assert\"").contains("add(2, 3)");
        assertThat(prompts.get(1).getVerification()).isNull();
    }

    @Test
    void theVerificationFieldIsMappedLikeTheOthers() throws IOException {
        Path file = Files.write(dir.resolve("code.jsonl"), List.of("{\"prompt\":\"add\",\"checks\":" + ASSERT_SPEC
                + ",\"verification\":\"ignored\"}"));
        PromptFields fields = new PromptFields("prompt", "ground_truth", false, "id", AnswerFormat.AUTO, null, null,
                "checks");

        assertThat(new PromptFile(file, fields).read(1).get(0).getVerification()).contains("add(2, 3)");
    }

    @Test
    void anInvalidVerificationSpecMakesItsRowMalformedNamingTheField() throws IOException {
        Path jsonl = Files.write(dir.resolve("code.jsonl"), List.of(
                "{\"prompt\":\"a\",\"verification\":{\"kind\":\"assert\",\"language\":\"python\"}}",
                "{\"prompt\":\"b\",\"verification\":" + quoted("{\"kind\":\"fuzz\"}") + "}",
                "{\"prompt\":\"c\",\"verification\":[1]}",
                "{\"prompt\":\"d\",\"verification\":\"{not json\"}",
                "{\"prompt\":\"e\",\"verification\":" + ASSERT_SPEC + "}"));
        Path parquet = parquet("code.parquet", Map.of("question", "q", "answer", "#### 1", "verification",
                ASSERT_SPEC.replace("\"time_limit_s\":2", "\"time_limit_s\":0")));
        List<String> problems = new ArrayList<>();
        try (PromptReader reader = new PromptFile(jsonl, PromptFields.standard()).open()) {
            for (int i = 0; i < 4; i++) {
                try {
                    reader.next();
                } catch (MalformedPromptException e) {
                    problems.add(e.getMessage());
                }
            }
            assertThat(reader.next().getText()).as("the rows after a malformed one still read").isEqualTo("e");
        }

        assertThat(problems).hasSize(4).containsSequence(
                jsonl + " line 1: field \"verification\": code: missing",
                jsonl + " line 2: field \"verification\": kind: unknown kind \"fuzz\" (known: stdin-stdout, assert)",
                jsonl + " line 3: field \"verification\" must be a JSON object or its JSON text, got [1]");
        assertThat(problems.get(3)).startsWith(jsonl + " line 4: field \"verification\": not JSON: ");
        assertThatThrownBy(() -> new PromptFile(parquet, GSM8K).read(10)).isInstanceOf(MalformedPromptException.class)
                .hasMessage(parquet + " row 1: field \"verification\": time_limit_s: must be a positive number of "
                        + "seconds, was 0");
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A Parquet file as Hugging Face exports GSM8K: optional string columns {@code question} and {@code answer}, then
     * any other column a row names.
     */
    @SafeVarargs
    private Path parquet(String name, Map<String, String>... rows) throws IOException {
        Schema text = SchemaBuilder.unionOf().nullType().and().stringType().endUnion();
        Set<String> columns = new LinkedHashSet<>(List.of("question", "answer"));
        Arrays.stream(rows).flatMap(row -> row.keySet().stream().sorted()).forEach(columns::add);
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("schema").fields();
        columns.forEach(column -> fields.name(column).type(text).withDefault(null));
        Schema schema = fields.endRecord();
        Path file = dir.resolve(name);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(schema).withConf(new PlainParquetConfiguration()).build()) {
            for (Map<String, String> row : rows) {
                GenericRecord record = new GenericData.Record(schema);
                row.forEach(record::put);
                writer.write(record);
            }
        }
        return file;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PromptFileTest.class.getResource(name).toURI());
    }
}
