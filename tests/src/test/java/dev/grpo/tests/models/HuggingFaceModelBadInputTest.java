package dev.grpo.tests.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.cli.GrpoCommand;
import dev.grpo.policy.TinyHfModels;
import dev.grpo.policy.TinyHfModels.Family;
import dev.grpo.policy.TensorDtype;
import dev.grpo.policy.RealTokenizers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * A model directory that cannot be used is refused by the command that is given it, in one line naming the problem,
 * before any weight is used: an unsupported architecture, a missing shard, a tensor of the wrong shape, a tokenizer
 * with more ids than the model has embeddings, and a Hugging Face model without its tokenizer.
 */
class HuggingFaceModelBadInputTest {

    private static final int QWEN3_VOCABULARY = 151_936;

    @TempDir
    Path folder;

    private Path in;
    private final StringWriter stderr = new StringWriter();

    @BeforeEach
    void aLineToScore() throws IOException {
        in = Files.writeString(folder.resolve("in.jsonl"), "{\"id\": 1, \"prompt\": \"1+1=\", \"completion\": \"2\"}\n");
    }

    private String refusal(Path model) {
        int exit = GrpoCommand.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(stderr, true)).setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute("logprobs", "--model", model.toString(), "--in", in.toString(), "--out",
                        folder.resolve("out.jsonl").toString(), "--device", "cpu");
        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString().strip().lines()).as(stderr.toString()).hasSize(1);
        assertThat(folder.resolve("out.jsonl")).doesNotExist();
        return stderr.toString();
    }

    private Path withTokenizer(Path model) {
        RealTokenizers.QWEN3.unpack(model.getParent());
        return model;
    }

    @Test
    void anUnsupportedArchitectureIsNamed() {
        ObjectNode config = TinyHfModels.config(Family.QWEN3, QWEN3_VOCABULARY);
        config.putArray("architectures").add("Qwen3MoeForCausalLM");
        Path model = TinyHfModels.write(folder.resolve("qwen3"), TinyHfModels.config(Family.QWEN3, QWEN3_VOCABULARY),
                TensorDtype.F32, 1, 1);
        rewriteConfig(model, config);

        assertThat(refusal(withTokenizer(model))).contains("Qwen3MoeForCausalLM");
    }

    @Test
    void aMissingShardIsNamed() throws IOException {
        Path model = withTokenizer(TinyHfModels.write(folder.resolve("qwen3"),
                TinyHfModels.config(Family.QWEN3, QWEN3_VOCABULARY), TensorDtype.BF16, 2, 1));
        Files.delete(model.resolve("model-00002-of-00002.safetensors"));

        assertThat(refusal(model)).contains("model-00002-of-00002.safetensors");
    }

    @Test
    void aTensorOfTheWrongShapeIsNamed() {
        Path model = withTokenizer(TinyHfModels.write(folder.resolve("qwen3"),
                TinyHfModels.config(Family.QWEN3, QWEN3_VOCABULARY), TensorDtype.F32, 1, 1));
        ObjectNode config = TinyHfModels.config(Family.QWEN3, QWEN3_VOCABULARY);
        config.put("intermediate_size", config.get("intermediate_size").asInt() * 2);
        rewriteConfig(model, config);

        assertThat(refusal(model)).contains("mlp").contains("shape");
    }

    @Test
    void aTokenizerWithMoreIdsThanTheModelIsRefused() {
        Path model = withTokenizer(TinyHfModels.qwen3(folder.resolve("qwen3"), 1000, 1));

        assertThat(refusal(model)).contains("151669 ids").contains("vocab_size is 1000");
    }

    @Test
    void aHuggingFaceModelWithoutItsTokenizerIsRefused() {
        Path model = TinyHfModels.qwen3(folder.resolve("qwen3"), QWEN3_VOCABULARY, 1);

        assertThat(refusal(model)).contains("no tokenizer.json");
    }

    private static void rewriteConfig(Path model, ObjectNode config) {
        try {
            config.put("torch_dtype", "float32");
            Files.writeString(model.resolve("config.json"), config.toPrettyString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
