package dev.grpo.bench.learner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grpo.learner.LossConfig;
import dev.grpo.learner.StepOutcome;
import dev.grpo.policy.OptimizerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code grpo bench learner} run measured, and the inputs it measured them on.
 *
 * @param settings what was timed
 * @param parameters the model's parameter count
 * @param threads the PyTorch intra-op threads the steps ran with
 * @param batch the synthetic batch
 * @param behaviourLogProbs the behaviour log-probs the loss used, per sample
 * @param logProbs the policy's log-probs of the batch before the first step, per sample
 * @param times the step times
 * @param first the first step's outcome (loss and gradient norm at the checkpoint's weights)
 * @param loss the objective's settings
 * @param optimizer AdamW's settings
 */
public record LearnerRun(LearnerBenchmark.Config settings, long parameters, int threads, SyntheticBatch batch,
                         float[][] behaviourLogProbs, float[][] logProbs, StepTimes times, StepOutcome first,
                         LossConfig loss, OptimizerConfig optimizer) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Writes the numbers: the keys {@code bench/pytorch_reference.py --json} writes too, so a script can read both.
     *
     * @param file the JSON file to write
     * @throws UncheckedIOException when it cannot be written
     */
    public void writeSummary(Path file) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("implementation", "java");
        summary.put("model", settings.model().toString());
        summary.put("parameters", parameters);
        summary.put("threads", threads);
        summary.put("groups", settings.groups());
        summary.put("group_size", settings.groupSize());
        summary.put("completion_tokens", batch.completionTokens());
        summary.put("kl_coefficient", settings.klCoefficient());
        summary.put("first_step_s", times.first());
        summary.put("median_s", times.median());
        summary.put("p90_s", times.p90());
        summary.put("warmup_s", times.warmup());
        summary.put("steps_s", times.timed());
        summary.put("first_loss", first.loss());
        summary.put("first_gradient_norm", first.gradientNorm());
        write(file, summary);
    }

    /**
     * Writes everything {@code bench/pytorch_reference.py} needs to take the same step: the model directory, the
     * objective and optimiser settings, every sample's ids, advantage and behaviour log-probs, and what this run
     * computed from them (the policy's log-probs, the first step's loss and gradient norm) for it to check against.
     *
     * @param file the JSON file to write
     * @throws UncheckedIOException when it cannot be written
     */
    public void writeBatch(Path file) {
        Map<String, Object> dump = new LinkedHashMap<>();
        dump.put("model", settings.model().toAbsolutePath().toString());
        dump.put("temperature", LearnerBenchmark.TEMPERATURE);
        dump.put("pad_id", LearnerBenchmark.PAD_ID);
        dump.put("groups", settings.groups());
        dump.put("group_size", settings.groupSize());
        dump.put("loss", Map.of("clip_low", loss.clipLow(), "clip_high", loss.clipHigh(),
                "kl_coefficient", loss.klCoefficient(), "aggregation", loss.aggregation().label(),
                "ratio_cap", loss.ratioCap(), "norm_length", loss.normLength()));
        dump.put("optimizer", Map.of("learning_rate", optimizer.learningRate(), "beta1", optimizer.beta1(),
                "beta2", optimizer.beta2(), "epsilon", optimizer.epsilon(), "weight_decay", optimizer.weightDecay(),
                "max_gradient_norm", optimizer.maxGradientNorm()));
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            samples.add(Map.of("prompt", batch.prompts().get(i), "completion", batch.completions().get(i),
                    "advantage", batch.advantages()[i], "behaviour_logprobs", behaviourLogProbs[i],
                    "logprobs", logProbs[i]));
        }
        dump.put("samples", samples);
        dump.put("first_step", Map.of("loss", first.loss(), "gradient_norm", first.gradientNorm()));
        write(file, dump);
    }

    private static void write(Path file, Map<String, Object> content) {
        try {
            JSON.writeValue(file.toFile(), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
