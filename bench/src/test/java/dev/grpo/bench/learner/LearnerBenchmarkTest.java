package dev.grpo.bench.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.bench.learner.LearnerBenchmark.Config;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.FeedForwardKind;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.Normalization;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.PositionEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One step of the learner benchmark on a tiny model: it times the step and writes what the PyTorch side reads. */
class LearnerBenchmarkTest {

    @TempDir
    static Path directory;

    private static Path model;

    @BeforeAll
    static void tinyModel() {
        ModelConfig tiny = new ModelConfig(16, 32, 1, 16, 2, 32, PositionEncoding.ROTARY, Normalization.RMS_NORM,
                FeedForwardKind.SWIGLU, 10_000, 1e-5);
        model = directory.resolve("tiny");
        try (PolicyModel policy = PolicyModel.create(tiny, 1, Device.cpu())) {
            Checkpoint.write(policy, model, Map.of());
        }
    }

    @Test
    void timesOneStepAndWritesTheBatchWithItsLogProbs() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Config settings = new Config(model, 2, 2, 4, 8, 0, 1, 1, 0.001, 3);

        LearnerRun run = LearnerBenchmark.run(settings, Device.cpu(), new PrintStream(printed, true,
                StandardCharsets.UTF_8));
        run.writeBatch(directory.resolve("batch.json"));
        run.writeSummary(directory.resolve("summary.json"));

        assertThat(run.times().timed()).hasSize(1);
        assertThat(run.times().timed()[0]).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("step      1:", "median");
        JsonNode batch = new ObjectMapper().readTree(directory.resolve("batch.json").toFile());
        assertThat(batch.get("samples")).hasSize(4);
        for (int i = 0; i < 4; i++) {
            JsonNode sample = batch.get("samples").get(i);
            assertThat(sample.get("logprobs")).hasSize(sample.get("completion").size());
            assertThat(sample.get("behaviour_logprobs")).hasSize(sample.get("completion").size());
        }
        assertThat(batch.get("first_step").get("loss").asDouble()).isEqualTo(run.first().loss());
        JsonNode summary = new ObjectMapper().readTree(directory.resolve("summary.json").toFile());
        assertThat(summary.get("median_s").asDouble()).isEqualTo(run.times().median());
    }

    @Test
    void refusesABatchLongerThanTheModelsContext() {
        Config tooLong = new Config(model, 1, 2, 8, 30, 0, 1, 1, 0, 0);

        assertThatThrownBy(() -> LearnerBenchmark.run(tooLong, Device.cpu(), new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prompt tokens 8 + completion tokens 30 exceed the max length 32");
    }
}
