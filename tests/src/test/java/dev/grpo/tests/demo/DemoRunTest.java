package dev.grpo.tests.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.workflow.demo.DemoReport;
import dev.grpo.workflow.demo.DemoRun;
import dev.grpo.workflow.demo.DemoConfig;
import dev.grpo.workflow.demo.ReportFolder;
import dev.grpo.workflow.metrics.StageMetrics;
import dev.grpo.schemas.TopicCatalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shortened demo of the committed base model (a few learner steps of small groups at a raised learning rate, a small
 * held-out evaluation) on its own embedded broker: the policy learns, every stage runs as its own Kafka client and
 * records into the demo's served metrics, and the report comes out complete.
 */
class DemoRunTest {

    private static final int STEPS = 10;
    private static final int GROUP_SIZE = 8;
    private static final int GROUPS_PER_STEP = 4;
    private static final int MAX_STALENESS = 1;
    private static final int MAX_NEW_TOKENS = 96;
    /**
     * How much held-out pass@1 (48 prompts x 2 samples) must rise. Measured with these settings on the shared 2-core
     * machine: 39.6 % to 85.4 % (+46 points); with the advantage's sign flipped in the loss, 39.6 % to 2.1 %; at a
     * learning rate of 1e-3 the policy collapsed to 5.2 %. 25 points is far outside the evaluation's noise (about 7
     * points for the difference of two such evaluations) and far inside what learning reaches.
     */
    private static final double LEARNING_MARGIN = 0.25;
    /** The model {@code grpo demo} starts from, committed at the repository's root (tests run in tests/). */
    private static final Path BASE = Path.of(System.getProperty("user.dir")).resolveSibling("models/arithmetic-base");

    @TempDir
    static Path folder;

    private static DemoReport report;
    private static String progress;
    private static StageMetrics metrics;
    private static String scrape;

    @BeforeAll
    static void runShortDemo() throws InterruptedException, IOException {
        DemoConfig settings = DemoConfig.builder(folder.resolve("run"), BASE).steps(STEPS).maxStaleness(MAX_STALENESS)
                .groupSize(GROUP_SIZE).groupsPerStep(GROUPS_PER_STEP).learningRate(3e-4f).maxNewTokens(MAX_NEW_TOKENS)
                .evaluation(48, 2).build();
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
    void heldOutAccuracyRisesByAMarginABrokenLossWouldMiss() {
        assertThat(report.finalAccuracy()).as("held-out pass@1 after %d steps, from %.3f", STEPS, report.baseAccuracy())
                .isGreaterThanOrEqualTo(report.baseAccuracy() + LEARNING_MARGIN);
    }

    @Test
    void itsStagesRecordIntoTheServedMetrics() {
        assertThat(scrape).containsPattern("(?m)^grpo_learner_steps_total\\{[^}]*stage=\"demo\"[^}]*} " + STEPS + "\\.0$")
                .containsPattern("(?m)^grpo_generator_tokens_total\\{[^}]*generator=\"demo-gen-0\"[^}]*} [1-9]")
                .containsPattern("(?m)^grpo_learner_staleness_count\\{[^}]*} " + STEPS * GROUPS_PER_STEP * GROUP_SIZE + "(\\.0)?$")
                .contains("jvm_memory_used_bytes{");
    }

    @Test
    void eachStageReportsItsBusyAndIdleTime() throws Exception {
        assertThat(scrape).containsPattern("(?m)^grpo_learner_busy_seconds_total\\{[^}]*} [0-9]")
                .containsPattern("(?m)^grpo_learner_idle_seconds_total\\{[^}]*} [0-9]")
                .containsPattern("(?m)^grpo_generator_busy_seconds_total\\{[^}]*generator=\"demo-gen-0\"[^}]*} [0-9]")
                .containsPattern("(?m)^grpo_generator_idle_seconds_total\\{[^}]*generator=\"demo-gen-0\"[^}]*} [0-9]");
        assertThat(report.stageTimes()).containsOnlyKeys("learner", "demo-gen-0");
        assertThat(report.stageTimes().values()).allSatisfy(time -> {
            assertThat(time.busySeconds()).isPositive();
            assertThat(time.wallSeconds()).isLessThanOrEqualTo(report.wallSeconds());
        });
        JsonNode json = new ObjectMapper().readTree(folder.resolve("run/report.json").toFile());
        assertThat(json.at("/stage_times/learner/busy_seconds").asDouble())
                .isEqualTo(report.stageTimes().get("learner").busySeconds());
        assertThat(json.at("/stage_times/demo-gen-0/idle_seconds").isNumber()).isTrue();
        assertThat(progress).contains("busy: learner", "learner: busy ", "demo-gen-0: busy ");
    }

    @Test
    void trainsTheRequestedNumberOfStepsWithinTheStalenessBound() {
        assertThat(report.steps()).isEqualTo(STEPS);
        assertThat(report.curve()).extracting(p -> p.step())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS).boxed().toList());
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
        assertThat(json.get("mean_length_first").asDouble()).isBetween(1.0, (double) MAX_NEW_TOKENS);
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
