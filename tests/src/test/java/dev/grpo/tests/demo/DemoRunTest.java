package dev.grpo.tests.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.policy.checkpoint.Checkpoint;
import dev.grpo.policy.model.FeedForwardKind;
import dev.grpo.policy.model.ModelConfig;
import dev.grpo.policy.model.Normalization;
import dev.grpo.policy.model.PolicyModel;
import dev.grpo.policy.model.PositionEncoding;
import dev.grpo.policy.tokenizer.CharTokenizer;
import dev.grpo.schemas.topics.TopicCatalogue;
import dev.grpo.workflow.demo.DemoReport;
import dev.grpo.workflow.demo.DemoRun;
import dev.grpo.workflow.demo.DemoSettings;
import dev.grpo.workflow.demo.ReportFolder;
import dev.grpo.workflow.metrics.StageMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shortened demo (two learner steps of a tiny random policy, tiny groups, a tiny evaluation) on its own embedded
 * broker: every stage runs as its own Kafka client, records into the demo's served metrics, and the report comes out
 * complete.
 */
class DemoRunTest {

    private static final int STEPS = 2;
    private static final int GROUP_SIZE = 2;
    private static final int GROUPS_PER_STEP = 2;
    private static final int MAX_STALENESS = 1;

    @TempDir
    static Path folder;

    private static DemoReport report;
    private static String progress;
    private static StageMetrics metrics;
    private static String scrape;

    @BeforeAll
    static void runShortDemo() throws InterruptedException, IOException {
        Path base = folder.resolve("base");
        ModelConfig tiny = new ModelConfig(new CharTokenizer().vocabularySize(), 48, 1, 16, 2, 32,
                PositionEncoding.ROTARY, Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000.0, 1e-5);
        try (PolicyModel model = PolicyModel.create(tiny, 3, Device.cpu())) {
            Checkpoint.write(model, base, Map.of());
        }
        DemoSettings settings = new DemoSettings(folder.resolve("run"), base, Optional.empty(), STEPS, MAX_STALENESS,
                true, 1, GROUP_SIZE, GROUPS_PER_STEP, 1e-3f, 0, 1.0f, 12, 4, 2, 0, Duration.ofMinutes(3));
        StringWriter terminal = new StringWriter();
        metrics = StageMetrics.served("demo", DemoRun.LEARNER_ID, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        report = new DemoRun(settings, new PrintWriter(terminal, true), metrics).run().orElseThrow();
        progress = terminal.toString();
        scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics.uri().orElseThrow()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @AfterAll
    static void stopServingMetrics() {
        metrics.close();
    }

    @Test
    void itsStagesRecordIntoTheServedMetrics() {
        assertThat(scrape).containsPattern("(?m)^grpo_learner_steps_total\\{[^}]*stage=\"demo\"[^}]*} " + STEPS + "\\.0$")
                .containsPattern("(?m)^grpo_generator_tokens_total\\{[^}]*generator=\"demo-gen-0\"[^}]*} [1-9]")
                .containsPattern("(?m)^grpo_learner_staleness_count\\{[^}]*} " + STEPS * GROUPS_PER_STEP * GROUP_SIZE + "(\\.0)?$")
                .contains("jvm_memory_used_bytes{");
    }

    @Test
    void trainsTheRequestedNumberOfStepsWithinTheStalenessBound() {
        assertThat(report.steps()).isEqualTo(STEPS);
        assertThat(report.curve()).extracting(p -> p.step()).containsExactly(1L, 2L);
        assertThat(report.maxStalenessObserved()).isLessThanOrEqualTo(MAX_STALENESS);
        assertThat(report.stalenessHistogram().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(STEPS * GROUPS_PER_STEP * GROUP_SIZE);
    }

    @Test
    void everyRolloutRewardAndAdvantagePassedThroughTheTopics() {
        long trained = (long) STEPS * GROUPS_PER_STEP * GROUP_SIZE;
        assertThat(report.topicEndOffsets().get(TopicCatalogue.ROLLOUTS.name())).isGreaterThanOrEqualTo(trained);
        assertThat(report.topicEndOffsets().get(TopicCatalogue.RULE_REWARDS.name()))
                .as("three rule components per rollout").isGreaterThanOrEqualTo(3 * trained);
        assertThat(report.topicEndOffsets().get(TopicCatalogue.ADVANTAGES.name())).isGreaterThanOrEqualTo(trained);
        assertThat(report.topicEndOffsets().get(TopicCatalogue.POLICY_VERSIONS.name())).isGreaterThanOrEqualTo(STEPS + 1);
    }

    @Test
    void reportJsonHoldsEveryKeyTheIssueAsksFor() throws Exception {
        JsonNode json = new ObjectMapper().readTree(folder.resolve("run/report.json").toFile());
        assertThat(json.fieldNames()).toIterable().contains("base_accuracy", "final_accuracy", "steps",
                "wall_seconds", "max_staleness", "max_staleness_observed", "stale_dropped", "mean_length_first",
                "mean_length_last", "language_consistency_first", "language_consistency_last", "sft_examples");
        assertThat(json.get("steps").asLong()).isEqualTo(STEPS);
        assertThat(json.get("sft_examples").isIntegralNumber()).as("sft_examples is an integer").isTrue();
        assertThat(json.get("sft_examples").asLong()).isNotNegative().isEqualTo(report.sftExamples());
        assertThat(json.get("max_staleness").asLong()).isEqualTo(MAX_STALENESS);
        assertThat(json.get("base_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("final_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("mean_length_first").asDouble()).isBetween(1.0, 12.0);
        assertThat(json.get("curve")).hasSize(STEPS);
    }

    @Test
    void writesEveryPlotAsPngAndAPageShowingThem() throws Exception {
        String page = Files.readString(folder.resolve("run/report.html"));
        for (String plot : ReportFolder.PLOTS) {
            byte[] png = Files.readAllBytes(folder.resolve("run").resolve(plot));
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(page).contains("src=\"" + plot + "\"");
        }
    }

    @Test
    void showsOneLiveProgressLinePerStep() {
        assertThat(progress).contains("step 1/" + STEPS, "step 2/" + STEPS, "tok/s");
    }
}
