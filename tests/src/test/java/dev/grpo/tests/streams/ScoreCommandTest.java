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
    void scoresCodeTasksByRunningTheirProgramsWithTheReasonBesideTheScore() throws IOException {
        String spec = "{\"kind\": \"stdin-stdout\", \"language\": \"python\", \"tests\": ["
                + "{\"input\": \"2\\n\", \"output\": \"4\"}, {\"input\": \"5\\n\", \"output\": \"25\"}]}";
        Path in = Files.writeString(dir.resolve("mixed.jsonl"), String.join("\n",
                "{\"id\": \"m\", \"task\": \"arithmetic\", \"completion\": \"<think>2+2=4</think><answer>4</answer>\", "
                        + "\"ground_truth\": \"4\"}",
                "{\"id\": \"right\", \"task\": \"code\", \"verification\": " + spec + ", \"completion\": "
                        + "\"<think>square</think><answer>\\n```python\\nn = int(input())\\nprint(n * n)\\n```\\n</answer>\"}",
                "{\"id\": \"wrong\", \"task\": \"code\", \"verification\": " + spec + ", \"completion\": "
                        + "\"<think>double</think><answer>\\n```python\\nn = int(input())\\nprint(n + n)\\n```\\n</answer>\"}",
                "{\"id\": \"no spec\", \"task\": \"code\", \"completion\": \"<answer>print(1)</answer>\"}", ""));
        Path out = dir.resolve("scored.jsonl");
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new ScoreCommand()).setErr(new PrintWriter(err)).execute("--in", in.toString(),
                "--out", out.toString(), "--weight", "code=1", "--weight", "language_consistency=none",
                "--reward-option", "tasks.code=code", "--reward-option", "tasks.accuracy=arithmetic");

        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"accuracy\":1.0,\"format\":1.0").doesNotContain("\"code\"")
                .endsWith("\"reward\":2.0}");
        assertThat(lines.get(1)).doesNotContain("\"accuracy\"").contains("\"format\":1.0", "\"code\":1.0")
                .contains("\"code\":\"passed 2/2\"").endsWith("\"reward\":2.0}");
        assertThat(lines.get(2)).doesNotContain("\"accuracy\"").contains("\"code\":0.0")
                .contains("\"code\":\"passed 1/2: wrong answer on test 2 of 2: expected '25', got '10'\"")
                .endsWith("\"reward\":1.0}");
        assertThat(err.toString()).contains("line 4: ").contains("no verification spec").contains("skipped 1 malformed");
    }

    @Test
    void aMissingInputFileFailsWithExitCodeOne() {
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new ScoreCommand()).setErr(new PrintWriter(err)).execute("--in", dir.resolve("absent.jsonl").toString(), "--out", dir.resolve("o").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("absent.jsonl");
    }
}
