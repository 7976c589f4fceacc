package dev.grpo.cli.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoRun;
import dev.grpo.cli.options.BatchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void anOptionReadsItsEnvironmentVariable() {
        assertThat(batchSize(Map.of("GRPO_BATCH_SIZE", "64"), "pretrain", "--out", "o")).isEqualTo(64);
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheBuiltInDefault() throws IOException {
        Path file = write("grpo.properties", "batch-size=48\n");
        assertThat(batchSize(Map.of(), "pretrain", "--out", "o")).isEqualTo(32);
        assertThat(batchSize(Map.of(), "--config", file.toString(), "pretrain", "--out", "o")).isEqualTo(48);
        assertThat(batchSize(Map.of("GRPO_BATCH_SIZE", "64"), "--config", file.toString(), "pretrain", "--out", "o"))
                .isEqualTo(64);
        assertThat(batchSize(Map.of("GRPO_BATCH_SIZE", "64"), "--config", file.toString(), "pretrain", "--out", "o",
                "--batch-size", "8")).isEqualTo(8);
    }

    @Test
    void aCommandKeyBeatsAPlainKey() throws IOException {
        Path file = write("grpo.properties", "batch-size=48\npretrain.batch-size=24\n");
        assertThat(batchSize(Map.of(), "--config", file.toString(), "pretrain", "--out", "o")).isEqualTo(24);
        assertThat(batchSize(Map.of(), "--config", file.toString(), "sft", "--from-file", "f", "--out", "o"))
                .isEqualTo(48);
    }

    @Test
    void theFileGrpoConfigNamesIsReadWhenConfigIsNotGivenAndConfigWins() throws IOException {
        Path named = write("named.properties", "batch-size=40\n");
        Path given = write("given.yaml", "pretrain:\n  batch-size: 20\n");
        Map<String, String> environment = Map.of("GRPO_CONFIG", named.toString());
        assertThat(batchSize(environment, "pretrain", "--out", "o")).isEqualTo(40);
        assertThat(batchSize(environment, "--config", given.toString(), "pretrain", "--out", "o")).isEqualTo(20);
    }

    @Test
    void kafkaClientVariablesAreNotReadAsOptions() {
        Object kafkaConfig = GrpoRun.parse(Map.of("GRPO_KAFKA_CONFIG", "client.properties"), "topics", "describe")
                .parsed().orElseThrow().findOption("--kafka-config").getValue();
        assertThat(kafkaConfig).isNull();
    }

    @Test
    void deprecatedSpellingsTakeNoDefaults() {
        assertThat(batchSize(Map.of("GRPO_BATCH", "5"), "pretrain", "--out", "o")).isEqualTo(32);
    }

    @Test
    void aBadValueInTheEnvironmentIsOneLineNamingTheVariable() {
        GrpoRun run = GrpoRun.execute(Map.of("GRPO_BATCH_SIZE", "many"), "pretrain", "--out", "o");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow())
                .isEqualTo("grpo pretrain: Invalid value for option '--batch-size': 'many' is not an int "
                        + "(from GRPO_BATCH_SIZE)");
    }

    @Test
    void aBadValueInTheFileIsOneLineNamingTheFileAndKey() throws IOException {
        Path file = write("grpo.yaml", "pretrain:\n  steps: lots\n");
        GrpoRun run = GrpoRun.execute(Map.of(), "--config", file.toString(), "pretrain", "--out", "o");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow())
                .isEqualTo("grpo pretrain: Invalid value for option '--steps': 'lots' is not an int (from " + file
                        + ", key pretrain.steps)");
    }

    @Test
    void aKeyThatIsNoOptionIsRefusedNamingTheFile() throws IOException {
        Path file = write("grpo.properties", "lear.lr=1e-5\n");
        GrpoRun run = GrpoRun.execute(Map.of(), "--config", file.toString(), "pretrain", "--out", "o");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo: config file " + file + ": unknown key 'lear.lr'");
    }

    @Test
    void aMissingFileNamedByTheEnvironmentIsOneLineNamingTheVariable() {
        GrpoRun run = GrpoRun.execute(Map.of("GRPO_CONFIG", dir.resolve("none.yaml").toString()), "pretrain",
                "--out", "o");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow()).isEqualTo("grpo pretrain: config file "
                + dir.resolve("none.yaml") + " does not exist (named by GRPO_CONFIG)");
    }

    @Test
    void theVariableOfAnOptionIsItsNameInCapitals() {
        assertThat(ConfigDefaults.variable("batch-size")).isEqualTo("GRPO_BATCH_SIZE");
        assertThat(ConfigDefaults.variable("bootstrap-servers")).isEqualTo("GRPO_BOOTSTRAP_SERVERS");
    }

    private static int batchSize(Map<String, String> environment, String... args) {
        return GrpoRun.parse(environment, args).mixin(BatchOptions.class).size();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
