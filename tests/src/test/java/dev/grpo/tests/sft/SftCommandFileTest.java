package dev.grpo.tests.sft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.grpo.cli.GrpoCommand;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.FeedForwardKind;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.Normalization;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.PositionEncoding;
import dev.grpo.policy.CharTokenizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** {@code grpo sft --from-file}: JSONL text in, a fine-tuned checkpoint out; bad lines and bad arguments named. */
class SftCommandFileTest {

    @TempDir
    Path folder;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    @Test
    void trainsOnTheGoodLinesAndNamesEveryMalformedOne() throws Exception {
        Path file = folder.resolve("sft.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"prompt\": \"2+2=\", \"completion\": \"<answer>4</answer>\"}",
                "not json",
                "",
                "{\"prompt\": \"3+3=\"}",
                "{\"prompt\": \"3+4=\", \"completion\": \"<answer>7</answer>\"}",
                "[1, 2]") + "\n");
        Path out = folder.resolve("out");

        int exit = run("sft", "--from-file", file.toString(), "--model", tinyCheckpoint().toString(), "--out",
                out.toString(), "--epochs", "1", "--batch-size", "1");

        assertThat(exit).as("stderr: %s", stderr).isZero();
        assertThat(stderr.toString()).contains(file + " line 2: ").contains(file + " line 4: needs string fields")
                .contains(file + " line 6: not a JSON object").doesNotContain("line 1:").doesNotContain("line 3:")
                .contains("step 2/2");
        assertThat(stdout.toString()).contains("on 2 examples from " + file);
        assertThat(Checkpoint.read(out).metadata()).containsEntry("sft_examples", "2").containsEntry("tokenizer", "char");
    }

    @Test
    void badArgumentsAreOneLineWithExitCode2() throws Exception {
        assertThat(run("sft", "--from-file", folder.resolve("missing.jsonl").toString(), "--model", folder.toString(),
                "--out", folder.resolve("o").toString())).isEqualTo(2);
        assertThat(stderr.toString().lines().findFirst()).hasValueSatisfying(line ->
                assertThat(line).isEqualTo("grpo sft: no file " + folder.resolve("missing.jsonl")));

        assertThat(run("sft", "--from-topic", "grpo.sft", "--from-file", "x.jsonl", "--model", "a", "--out", "b"))
                .isEqualTo(2);
        assertThat(stderr.toString()).contains("mutually exclusive");

        Path file = folder.resolve("ok.jsonl");
        Files.writeString(file, "{\"prompt\": \"1\", \"completion\": \"2\"}\n");
        assertThat(run("sft", "--from-file", file.toString(), "--model", folder.toString(), "--out",
                folder.resolve("o").toString(), "--epochs", "0")).isEqualTo(2);
        assertThat(stderr.toString()).contains("epochs, batch size and learning rate must be > 0");
    }

    private int run(String... args) {
        stderr.getBuffer().setLength(0);
        return GrpoCommand.commandLine().setOut(new PrintWriter(stdout, true)).setErr(new PrintWriter(stderr, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF)).execute(args);
    }

    private Path tinyCheckpoint() {
        Path directory = folder.resolve("init");
        ModelConfig tiny = new ModelConfig(new CharTokenizer().vocabularySize(), 48, 1, 16, 2, 32,
                PositionEncoding.ROTARY, Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000.0, 1e-5);
        try (PolicyModel model = PolicyModel.create(tiny, 5, Device.cpu())) {
            Checkpoint.write(model, directory, Map.of("tokenizer", "char"));
        }
        return directory;
    }
}
