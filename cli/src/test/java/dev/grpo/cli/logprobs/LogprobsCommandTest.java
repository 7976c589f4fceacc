package dev.grpo.cli.logprobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.cli.GrpoCommand;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.FeedForwardKind;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.Normalization;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.PositionEncoding;
import dev.grpo.policy.Generation;
import dev.grpo.policy.GenerationRequest;
import dev.grpo.policy.Sampler;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.policy.CharTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code grpo logprobs} gives, for a completion the sampler drew, the very log-probs the sampler recorded for it (the
 * behaviour log-prob convention), at the temperature it was drawn at; a bad line gets an error and the rest go on.
 */
class LogprobsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    private int run(String... args) {
        return GrpoCommand.commandLine().setOut(new PrintWriter(stdout, true)).setErr(new PrintWriter(stderr, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF)).execute(args);
    }

    private Path tinyModel() {
        Path directory = folder.resolve("model");
        ModelConfig tiny = new ModelConfig(new CharTokenizer().vocabularySize(), 64, 2, 16, 2, 32,
                PositionEncoding.ROTARY, Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000.0, 1e-5);
        try (PolicyModel model = PolicyModel.create(tiny, 11, Device.cpu())) {
            Checkpoint.write(model, directory, Map.of());
        }
        return directory;
    }

    @Test
    void theLogProbsOfASampledCompletionAreTheOnesTheSamplerRecorded() throws IOException {
        Path model = tinyModel();
        CharTokenizer tokenizer = new CharTokenizer();
        String prompt = "12+30=";
        float temperature = 0.7f;
        List<Generation> drawn;
        try (PolicyModel policy = Checkpoint.read(model).load(Device.cpu())) {
            Sampler sampler = new Sampler(policy, tokenizer.endIds(), tokenizer.padId());
            drawn = sampler.generate(List.of(new GenerationRequest(tokenizer.encode(prompt), 3),
                    new GenerationRequest(tokenizer.encode(prompt), 4)), new SamplingConfig(temperature, 1f, 20));
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            lines.add(line(i, prompt, tokenizer.decode(drawn.get(i).tokenIds())));
        }
        Path in = Files.write(folder.resolve("in.jsonl"), lines);
        Path out = folder.resolve("out.jsonl");

        assertThat(run("logprobs", "--model", model.toString(), "--in", in.toString(), "--out", out.toString(),
                "--temperature", String.valueOf(temperature), "--device", "cpu")).isEqualTo(0);

        List<String> answers = Files.readAllLines(out);
        assertThat(answers).hasSize(2);
        for (int i = 0; i < drawn.size(); i++) {
            JsonNode answer = JSON.readTree(answers.get(i));
            assertThat(answer.get("id").asInt()).isEqualTo(i);
            assertThat(ints(answer.get("prompt_ids"))).containsExactly(tokenizer.encode(prompt));
            assertThat(ints(answer.get("completion_ids"))).containsExactly(drawn.get(i).tokenIds());
            float[] recorded = drawn.get(i).logProbs();
            JsonNode logprobs = answer.get("logprobs");
            assertThat(logprobs).hasSize(recorded.length);
            for (int j = 0; j < recorded.length; j++) {
                assertThat(logprobs.get(j).floatValue()).as("token %d of %d", j, i).isCloseTo(recorded[j], within(1e-4f));
            }
        }
        assertThat(stdout.toString()).contains("2 lines (0 with an error)");
    }

    @Test
    void aBadLineGetsItsErrorAndTheOthersAreScored() throws IOException {
        Path model = tinyModel();
        Path in = Files.write(folder.resolve("in.jsonl"), List.of(
                "{not json",
                "{\"id\": \"no-completion\", \"prompt\": \"1+1=\"}",
                line(7, "1+1=", "2"),
                line(8, "1+1=", "9".repeat(100)),
                line(9, "1+1=", "\u4e2d")));
        Path out = folder.resolve("out.jsonl");

        assertThat(run("logprobs", "--model", model.toString(), "--in", in.toString(), "--out", out.toString()))
                .isEqualTo(0);

        List<JsonNode> answers = new ArrayList<>();
        for (String answer : Files.readAllLines(out)) {
            answers.add(JSON.readTree(answer));
        }
        assertThat(answers).hasSize(5);
        assertThat(answers.get(0).get("id").asText()).isEqualTo("line 1");
        assertThat(answers.get(0).get("error").asText()).startsWith("not JSON");
        assertThat(answers.get(1).get("error").asText()).contains("\"completion\" is missing");
        assertThat(answers.get(2).has("error")).isFalse();
        assertThat(answers.get(2).get("logprobs")).hasSize(1);
        assertThat(answers.get(2).get("logprobs").get(0).floatValue()).isNegative();
        assertThat(answers.get(3).get("error").asText()).contains("104").contains("64");
        assertThat(answers.get(4).get("id").asInt()).isEqualTo(9);
        assertThat(answers.get(4).get("error").asText()).isNotBlank();
        assertThat(stdout.toString()).contains("5 lines (4 with an error)");
    }

    @Test
    void aMissingModelOrInputIsOneLine() {
        assertThat(run("logprobs", "--model", folder.resolve("nowhere").toString(), "--in",
                folder.resolve("none.jsonl").toString(), "--out", folder.resolve("o.jsonl").toString())).isEqualTo(2);
        assertThat(stderr.toString().lines().findFirst().orElseThrow()).contains("none.jsonl").contains("not a file");
    }

    private static String line(int id, String prompt, String completion) {
        ObjectNode node = JSON.createObjectNode().put("id", id).put("prompt", prompt).put("completion", completion);
        return node.toString();
    }

    private static int[] ints(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }
}
