package dev.grpo.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.RewardFunctionConfig;
import dev.grpo.streams.spi.Score;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineScorerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void addsRewardsAndTheirWeightedSumAndPassesOtherFieldsThrough() throws IOException {
        Path in = write("""
                {"id": "a", "completion": "<think>123 + 456 = 579</think><answer>579</answer>", "ground_truth": "579", "meta": {"k": [1, 2]}}
                {"id": "b", "completion": "<think>\u9996\u5148\u8ba1\u7b97</think><answer>578</answer>", "ground_truth": "579", "language": "zh"}
                """);
        Path out = dir.resolve("out.jsonl");

        OfflineScorer.Summary summary = new OfflineScorer(RewardConfig.defaults()).score(in, out, problem -> { });

        assertThat(summary).isEqualTo(new OfflineScorer.Summary(2, 0));
        List<JsonNode> lines = read(out);
        assertThat(lines.get(0).get("id").asText()).isEqualTo("a");
        assertThat(lines.get(0).get("meta").toString()).isEqualTo("{\"k\":[1,2]}");
        assertThat(lines.get(0).get("rewards").toString())
                .isEqualTo("{\"accuracy\":1.0,\"format\":1.0,\"language_consistency\":1.0}");
        assertThat(lines.get(0).get("reward").asDouble()).isEqualTo(3.0);
        assertThat(lines.get(1).get("rewards").get("accuracy").asDouble()).isZero();
        assertThat(lines.get(1).get("rewards").get("language_consistency").asDouble()).isEqualTo(1.0);
        assertThat(lines.get(1).get("reward").asDouble()).isEqualTo(2.0);
    }

    @Test
    void weightsComeFromTheConfiguration() throws IOException {
        Path in = write("{\"completion\": \"<answer>4</answer>\", \"ground_truth\": \"4\"}\n");
        Path out = dir.resolve("out.jsonl");
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight.format", "0.5", "weight.language_consistency", "0"));

        new OfflineScorer(config).score(in, out, problem -> { });

        assertThat(read(out).get(0).get("reward").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aFunctionRunsOnlyOnLinesOfTheTasksItIsScopedTo() throws IOException {
        Path in = write("""
                {"task": "arithmetic", "completion": "<think>1 + 1 = 2</think><answer>2</answer>", "ground_truth": "2"}
                {"task": "code", "completion": "<think>print</think><answer>print(2)</answer>", "ground_truth": ""}
                {"completion": "<think>1 + 1 = 2</think><answer>2</answer>", "ground_truth": "2"}
                """);
        Path out = dir.resolve("out.jsonl");

        new OfflineScorer(RewardConfig.defaults().with(Map.of("tasks.accuracy", "arithmetic"))).score(in, out, p -> { });

        List<JsonNode> lines = read(out);
        assertThat(names(lines.get(0).get("rewards"))).containsExactly("accuracy", "format", "language_consistency");
        assertThat(lines.get(0).get("reward").asDouble()).isEqualTo(3.0);
        assertThat(names(lines.get(1).get("rewards"))).containsExactly("format", "language_consistency");
        assertThat(lines.get(1).get("reward").asDouble()).isEqualTo(2.0);
        assertThat(names(lines.get(2).get("rewards"))).as("a line without a task matches no scoped component")
                .containsExactly("format", "language_consistency");
    }

    @Test
    void anExtraFunctionRunsWhenWeightedOnItsTasksAndExplainsItsScores() throws IOException {
        Path in = write("""
                {"task": "code", "completion": "<think>t</think><answer>ok</answer>", "ground_truth": "", "verification": {"tests": 2}}
                {"task": "arithmetic", "completion": "<think>t</think><answer>ok</answer>", "ground_truth": "ok"}
                """);
        Path out = dir.resolve("out.jsonl");
        List<String> problems = new ArrayList<>();
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight.code", "2", "tasks.code", "code",
                "tasks.accuracy", "arithmetic", "option.code.passed", "0.5"));

        new OfflineScorer(config, List.of(new TestsPassed())).score(in, out, problems::add);

        List<JsonNode> lines = read(out);
        assertThat(lines.get(0).get("rewards").get("code").asDouble()).isEqualTo(0.5);
        assertThat(lines.get(0).get("details").get("code").asText()).isEqualTo("1 of 2 tests passed ({\"tests\":2})");
        assertThat(lines.get(0).get("reward").asDouble()).isEqualTo(1.0 + 1.0 + 2 * 0.5);
        assertThat(names(lines.get(1).get("rewards"))).doesNotContain("code");
        assertThat(names(lines.get(1).get("details"))).contains("accuracy").doesNotContain("code");
        assertThat(problems).as("code is scored, so it is not noted as an external component").isEmpty();
    }

    @Test
    void anExtraFunctionTheConfigurationDoesNotWeightIsNotRun() throws IOException {
        Path in = write("{\"task\": \"code\", \"completion\": \"<answer>ok</answer>\", \"ground_truth\": \"\"}\n");
        Path out = dir.resolve("out.jsonl");

        new OfflineScorer(RewardConfig.defaults(), List.of(new TestsPassed())).score(in, out, p -> { });

        assertThat(names(read(out).get(0).get("rewards"))).doesNotContain("code");
    }

    @Test
    void malformedLinesAreReportedWithTheirNumberAndSkipped() throws IOException {
        Path in = write("""
                {"completion": "<answer>1</answer>", "ground_truth": "1"}
                not json
                [1, 2]
                {"completion": 5, "ground_truth": "1"}
                {"ground_truth": "1"}

                {"completion": "<answer>1</answer>", "ground_truth": "1", "language": "xx"}
                {"completion": "<answer>2</answer>", "ground_truth": "2"}
                """);
        Path out = dir.resolve("out.jsonl");
        List<String> problems = new ArrayList<>();

        OfflineScorer.Summary summary = new OfflineScorer(RewardConfig.defaults()).score(in, out, problems::add);

        assertThat(summary).isEqualTo(new OfflineScorer.Summary(2, 5));
        assertThat(problems).satisfiesExactly(
                p -> assertThat(p).startsWith("line 2: not JSON"),
                p -> assertThat(p).startsWith("line 3: not a JSON object"),
                p -> assertThat(p).startsWith("line 4: \"completion\" must be a string"),
                p -> assertThat(p).startsWith("line 5: \"completion\" must be a string and is missing"),
                p -> assertThat(p).startsWith("line 7: ").contains("'xx'"));
        assertThat(read(out)).hasSize(2);
    }

    @Test
    void notesExternalComponentsItCannotScore() throws IOException {
        Path in = write("");
        List<String> problems = new ArrayList<>();

        new OfflineScorer(RewardConfig.defaults().with(Map.of("weight.judge", "1"))).score(in, dir.resolve("o"), problems::add);

        assertThat(problems).singleElement().asString().contains("[judge]");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A stand-in for a reward that runs programs: scores the configured pass rate, reading the verification spec. */
    private static final class TestsPassed implements RewardFunction {

        private final double passed;

        TestsPassed() {
            this(0);
        }

        private TestsPassed(double passed) {
            this.passed = passed;
        }

        @Override
        public String name() {
            return "code";
        }

        @Override
        public String version() {
            return "code-test";
        }

        @Override
        public Score score(Completion completion) {
            return Score.of(passed, "1 of 2 tests passed (" + completion.verification() + ")");
        }

        @Override
        public RewardFunction configured(RewardFunctionConfig options) {
            return new TestsPassed(Double.parseDouble(options.setting("passed").orElseThrow()));
        }
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("in.jsonl"), content);
    }

    private static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
