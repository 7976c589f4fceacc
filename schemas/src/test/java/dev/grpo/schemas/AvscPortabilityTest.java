package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contracts must be readable from any language: no Java-only properties, and every schema
 * file parses in {@code avsc} (JavaScript), which also decodes the README's hex dump.
 */
class AvscPortabilityTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path HISTORY = Path.of("src/main/resources").resolve(ShippedSchemas.HISTORY_RESOURCE);
    private static final Path NODE_PROJECT = Path.of("src/test/node");
    private static final Path NODE_COPY = Path.of("target/avsc-portability");
    private static final long PROCESS_TIMEOUT_SECONDS = 300;

    static Stream<Path> schemaFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(CURRENT, HISTORY)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(f -> f.toString().endsWith(".avsc")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void carriesNoJavaOnlyProperties(Path file) throws IOException {
        Schema schema = new Schema.Parser().parse(file.toFile());

        assertThat(javaOnlyProperties(schema, new ArrayList<>())).isEmpty();
    }

    @Test
    void everySchemaParsesInAvscWhichAlsoDecodesTheReadmeSample() throws Exception {
        assumeThat(onPath("node")).as("node is on PATH").isTrue();
        copyNodeProject();

        Run install = run(List.of("npm", "ci", "--prefix", NODE_COPY.toString(), "--no-audit", "--no-fund"), "npm-ci.log");
        assertThat(install.exitCode()).as("npm ci:\n%s", install.output()).isZero();
        List<String> command = new ArrayList<>(List.of("node", NODE_COPY.resolve("parse-avsc.js").toString(),
                "--readme", "README.md", "--sample", CURRENT.resolve("RewardScore.avsc").toString()));
        command.addAll(List.of(CURRENT.toString(), HISTORY.toString()));
        Run parse = run(command, "parse-avsc.log");

        assertThat(parse.exitCode()).as("node parse-avsc.js:\n%s", parse.output()).isZero();
        assertThat(parse.output())
                .contains("parsed " + schemaFiles().count() + " schema files with avsc 5.7.9")
                .contains("decoded dev.grpo.records.RewardScore from README.md: ")
                .contains("\"rollout_id\":\"g-42/3\"", "\"component\":\"accuracy\"", "\"value\":1,",
                        "\"details\":\"answer: 42\"", "\"scored_at\":1735689600000");
        ShippedSchemas shipped = ShippedSchemas.fromClasspath();
        for (String record : ShippedSchemas.RECORDS) {
            assertThat(parse.output()).as("avsc and Java agree on %s's fingerprint", record).contains(String.format(
                    "as dev.grpo.records.%s fingerprint 0x%016x", record, ShippedSchemas.fingerprint(shipped.latest(record))));
        }
    }

    private static List<String> javaOnlyProperties(Schema schema, List<Schema> seen) {
        if (seen.stream().anyMatch(s -> s == schema)) {
            return List.of();
        }
        seen.add(schema);
        List<String> found = new ArrayList<>(javaOnly(schema.getFullName(), schema.getObjectProps()));
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(field -> {
                found.addAll(javaOnly(schema.getName() + "." + field.name(), field.getObjectProps()));
                found.addAll(javaOnlyProperties(field.schema(), seen));
            });
            case ARRAY -> found.addAll(javaOnlyProperties(schema.getElementType(), seen));
            case MAP -> found.addAll(javaOnlyProperties(schema.getValueType(), seen));
            case UNION -> schema.getTypes().forEach(branch -> found.addAll(javaOnlyProperties(branch, seen)));
            default -> { }
        }
        return found;
    }

    private static List<String> javaOnly(String where, Map<String, Object> properties) {
        return properties.keySet().stream()
                .filter(key -> key.startsWith("java") || key.startsWith("avro.java"))
                .map(key -> where + ": " + key)
                .toList();
    }

    private static void copyNodeProject() throws IOException {
        Files.createDirectories(NODE_COPY);
        for (String file : List.of("package.json", "package-lock.json", "parse-avsc.js")) {
            Files.copy(NODE_PROJECT.resolve(file), NODE_COPY.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean onPath(String program) {
        try {
            Process process = new ProcessBuilder(program, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Run run(List<String> command, String logName) throws IOException, InterruptedException {
        Path log = NODE_COPY.resolve(logName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Run(-1, "timed out after " + PROCESS_TIMEOUT_SECONDS + " s: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {
    }
}
