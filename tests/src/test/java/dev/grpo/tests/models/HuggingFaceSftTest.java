package dev.grpo.tests.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.cli.GrpoCommand;
import dev.grpo.policy.TinyHfModels;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.internal.checkpoint.Safetensors;
import dev.grpo.policy.RealTokenizers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code grpo sft} fine-tunes a Hugging Face model with its own tokenizer and writes a Hugging Face directory back:
 * the same config keys, the transformers tensor names, the model's dtype, and the tokenizer files alongside.
 */
class HuggingFaceSftTest {

    @TempDir
    Path folder;

    @Test
    void fineTuningAQwen3WritesAHuggingFaceDirectoryWithItsTokenizer() throws Exception {
        Path base = TinyHfModels.qwen3(folder.resolve("qwen3"), 151_936, 2);
        RealTokenizers.QWEN3.unpack(folder);
        Path examples = Files.writeString(folder.resolve("sft.jsonl"), String.join("\n",
                "{\"prompt\": \"What is 2+2?\", \"completion\": \"<think>2+2=4</think><answer>4</answer>\"}",
                "{\"prompt\": \"3+4 等于几？\", \"completion\": \"<think>3+4=7</think><answer>7</answer>\"}") + "\n");
        Path out = folder.resolve("out");
        StringWriter stderr = new StringWriter();

        int exit = GrpoCommand.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(stderr, true)).setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute("sft", "--from-file", examples.toString(), "--model", base.toString(), "--out",
                        out.toString(), "--epochs", "1", "--batch-size", "2", "--device", "cpu");

        assertThat(exit).as(stderr.toString()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode written = json.readTree(out.resolve("config.json").toFile());
        JsonNode original = json.readTree(base.resolve("config.json").toFile());
        assertThat(written).isEqualTo(original);
        assertThat(out.resolve("tokenizer.json")).hasSameBinaryContentAs(base.resolve("tokenizer.json"));
        assertThat(out.resolve("tokenizer_config.json")).exists();
        Safetensors.Content tensors = Safetensors.read(Files.readAllBytes(out.resolve("model.safetensors")));
        assertThat(tensors.tensors().keySet()).isEqualTo(
                Safetensors.read(Files.readAllBytes(base.resolve("model.safetensors"))).tensors().keySet());
        assertThat(tensors.tensors().values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo("F32"));
        assertThat(Checkpoint.read(out).sha256()).isNotEqualTo(Checkpoint.read(base).sha256());
        assertThat(Checkpoint.read(out).metadata()).containsEntry("sft_examples", "2");
    }
}
