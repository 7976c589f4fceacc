package dev.grpo.cli.eval;

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
 * {@code grpo eval}'s prompt files: all or nothing, since an evaluation on silently fewer prompts would mislead. The
 * prompts are read before the checkpoint, so none is needed here.
 */
class EvalCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int grpo(String... args) {
        return GrpoCommand.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute(args);
    }

    @Test
    void aRowWithoutAnAnswerFailsTheEvaluationNamingItsLine() throws IOException {
        Path file = Files.write(dir.resolve("test.jsonl"), List.of("{\"question\":\"q1\",\"answer\":\"#### 1\"}",
                "{\"question\":\"q2\"}"));

        assertThat(grpo("eval", "--checkpoint", dir.resolve("none").toString(), "--prompts", file.toString(),
                "--prompt-field", "question", "--answer-field", "answer")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "grpo eval: " + file + " line 2: field \"answer\" is missing or empty");
    }

    @Test
    void theProjectsOwnFormatNeedsAGroundTruthInEveryRow() throws IOException {
        Path file = Files.write(dir.resolve("test.jsonl"), List.of("{\"prompt\":\"2+2=\"}"));

        assertThat(grpo("eval", "--checkpoint", dir.resolve("none").toString(), "--prompts", file.toString()))
                .isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "grpo eval: " + file + " line 1: field \"ground_truth\" is missing or empty");
    }

    @Test
    void anUnknownExtensionIsABadArgument() {
        Path file = dir.resolve("test.csv");

        assertThat(grpo("eval", "--checkpoint", dir.toString(), "--prompts", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).first().isEqualTo("grpo eval: unknown prompt file type: " + file
                + " (expected .jsonl, .json, .jsonl.gz, .json.gz, .parquet)");
    }
}
