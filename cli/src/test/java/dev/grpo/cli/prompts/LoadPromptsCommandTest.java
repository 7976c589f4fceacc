package dev.grpo.cli.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code grpo prompts load}'s bad input, each caught before any broker is asked: one line naming the problem and a
 * hint, exit code 2. The load itself runs against a real broker in the tests module.
 */
class LoadPromptsCommandTest {

    /** No broker listens here: every case below must fail before connecting. */
    private static final String NOWHERE = "localhost:1";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int grpo(String... args) {
        return GrpoCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF)).execute(args);
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void anUnknownExtensionIsOneLineNamingTheFileAndTheExtensionsThereAre() throws IOException {
        Path csv = Files.writeString(dir.resolve("train.csv"), "question,answer\n");

        assertThat(grpo("prompts", "load", csv.toString(), "-b", NOWHERE)).isEqualTo(2);
        assertThat(errLines()).first().isEqualTo("grpo prompts load: unknown prompt file type: " + csv
                + " (expected .jsonl, .json, .jsonl.gz, .json.gz, .parquet)");
        assertThat(errLines()).hasSize(2);
    }

    @Test
    void aMissingFileIsOneLine() {
        Path absent = dir.resolve("train.parquet");

        assertThat(grpo("prompts", "load", absent.toString(), "-b", NOWHERE)).isEqualTo(2);
        assertThat(errLines()).first().isEqualTo("grpo prompts load: prompt file " + absent + " does not exist");
        assertThat(errLines()).hasSize(2);
    }

    @Test
    void anUnknownAnswerFormatIsOneLineListingTheFormats() throws IOException {
        Path file = Files.writeString(dir.resolve("train.jsonl"), "{\"prompt\":\"p\"}\n");

        assertThat(grpo("prompts", "load", file.toString(), "--answer-format", "latex", "-b", NOWHERE)).isEqualTo(2);
        assertThat(errLines()).first().asString().startsWith("grpo prompts load: ")
                .contains("--answer-format", "unknown answer format 'latex': expected one of auto, plain, gsm8k, boxed");
        assertThat(errLines()).hasSize(2);
    }

    @Test
    void aFileThatCannotBeReadFailsInOneLineBeforeTheClusterIsAsked() throws IOException {
        Path notParquet = Files.writeString(dir.resolve("train.parquet"), "not parquet");

        assertThat(grpo("prompts", "load", notParquet.toString(), "-b", NOWHERE)).isEqualTo(1);
        assertThat(errLines()).singleElement().asString()
                .startsWith("grpo prompts load: cannot read prompt file " + notParquet + ": it is not a Parquet file");
    }

    @Test
    void anUnreachableClusterIsOneLineOnceTheFileIsKnownGood() throws IOException {
        Path file = Files.writeString(dir.resolve("train.jsonl"), "{\"prompt\":\"p\"}\n");

        assertThat(grpo("prompts", "load", file.toString(), "-b", NOWHERE, "--timeout", "1")).isEqualTo(1);
        assertThat(errLines().stream().filter(line -> line.startsWith("grpo "))).containsExactly("grpo prompts load: "
                + "cannot reach Kafka at localhost:1: no answer within 1 s (is a broker running there? 'grpo broker' "
                + "starts a local one)");
    }
}
