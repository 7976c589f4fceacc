package dev.grpo.streams.offline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.streams.config.RewardConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
