package dev.grpo.tests.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.ScoreCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code grpo score} scores a JSONL file offline with the stream's reward code. */
class ScoreCommandTest {

    @TempDir
    Path dir;

    @Test
    void scoresEachLineAndReportsMalformedOnesByNumber() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), """
                {"id": 1, "completion": "<think>123 + 456 = 579</think><answer>579</answer>", "ground_truth": "579"}
                {"id": 2, "completion": "<answer>578</answer>"
                {"id": 3, "completion": "<think>\u8ba1\u7b97</think><answer>579</answer>", "ground_truth": "579", "language": "zh"}
                """);
        Path out = dir.resolve("out.jsonl");
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new ScoreCommand()).setErr(new PrintWriter(err))
                .execute("--in", in.toString(), "--out", out.toString(), "--weight", "language_consistency=0.5");

        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"id\":1,").contains("\"rewards\":{\"accuracy\":1.0,\"format\":1.0,"
                + "\"language_consistency\":1.0}").endsWith("\"reward\":2.5}");
        assertThat(lines.get(1)).startsWith("{\"id\":3,").endsWith("\"reward\":2.5}");
        assertThat(err.toString()).contains("line 2: not JSON").contains("scored 2 lines").contains("skipped 1 malformed");
    }

    @Test
    void aMissingInputFileFailsWithExitCodeOne() {
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new ScoreCommand()).setErr(new PrintWriter(err)).execute("--in", dir.resolve("absent.jsonl").toString(), "--out", dir.resolve("o").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("absent.jsonl");
    }
}
