package dev.grpo.bench.model;

import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.StepTrainer;
import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.learner.internal.batch.ShuffleRandom;
import dev.grpo.learner.internal.batch.TrainingGroup;
import dev.grpo.learner.internal.loss.GrpoLoss;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.GenerationRequest;
import dev.grpo.policy.Sampler;
import dev.grpo.policy.SamplingConfig;
import dev.grpo.records.AdvantageSample;
import dev.grpo.schemas.KafkaClusterConfig;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Times the two things a model costs the pipeline: sampling a batch with the KV cache (what a generator does per
 * group) and one learner step on such a batch (forward and backward of the GRPO loss with the learner's default
 * settings, then AdamW), each after one untimed warm-up.
 *
 * @param batch sequences per batch (G)
 * @param promptTokens prompt length
 * @param newTokens completion length; sampling never stops early, so every run makes exactly this many
 * @param runs timed runs of each; the median is reported
 * @param klCoefficient the KL weight of the loss; above 0 the step includes the reference model's forward pass
 */
public record ModelBenchmark(int batch, int promptTokens, int newTokens, int runs, double klCoefficient) {

    /** What one model measured. */
    public record Result(long parameters, double[] samplingSeconds, double[] stepSeconds, int newTokens, int batch) {

        /** @return new tokens per second of the median sampling run */
        public double tokensPerSecond() {
            return (double) batch * newTokens / median(samplingSeconds);
        }

        /** @return seconds of the median learner step */
        public double stepSecondsMedian() {
            return median(stepSeconds);
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }

    /**
     * @param policy the model to time (its weights change: the learner steps update them)
     * @param reference a frozen copy for the KL term, or null when {@link #klCoefficient()} is 0
     * @return the timings
     */
    public Result measure(PolicyModel policy, PolicyModel reference) {
        int vocabulary = policy.config().vocabularySize();
        SplittableRandom random = new SplittableRandom(7);
        int[] prompt = random.ints(promptTokens, 0, vocabulary).toArray();
        Sampler sampler = new Sampler(policy, new int[] {0}, 0);
        SamplingConfig settings = new SamplingConfig(1f, 1f, newTokens, false);
        double[] sampling = new double[runs];
        for (int run = -1; run < runs; run++) {
            List<GenerationRequest> requests = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                requests.add(new GenerationRequest(prompt, 1000L * run + i));
            }
            long started = System.nanoTime();
            sampler.generate(requests, settings);
            if (run >= 0) {
                sampling[run] = (System.nanoTime() - started) / 1e9;
            }
        }
        StepTrainer trainer = trainer(policy, reference);
        double[] steps = new double[runs];
        for (int run = -1; run < runs; run++) {
            List<TrainingGroup> groups = new ArrayList<>(List.of(group(random, vocabulary, prompt)));
            long started = System.nanoTime();
            trainer.train(groups, new ShuffleRandom(run));
            if (run >= 0) {
                steps[run] = (System.nanoTime() - started) / 1e9;
            }
        }
        return new Result(policy.parameterCount(), sampling, steps, newTokens, batch);
    }

    private StepTrainer trainer(PolicyModel policy, PolicyModel reference) {
        // the learner's defaults, so the step timed is the step a default learner takes
        LearnerConfig defaults = LearnerConfig.builder("bench", KafkaClusterConfig.of("unused:9092"),
                Path.of("unused")).build();
        AdamW optimizer = new AdamW(policy, defaults.optimizer());
        GrpoLoss loss = new GrpoLoss(defaults.lossSettings(policy.config().maxLength())
                .withKlCoefficient(klCoefficient));
        return new StepTrainer(policy, reference, optimizer, loss, 0, 0);
    }

    /** One group of {@code batch} completions of the prompt, half rewarded: the shape of a real learner step. */
    private TrainingGroup group(SplittableRandom random, int vocabulary, int[] prompt) {
        List<ReceivedSample> members = new ArrayList<>();
        for (int index = 0; index < batch; index++) {
            AdvantageSample sample = AdvantageSample.newBuilder()
                    .setRolloutId("bench/" + index).setGroupId("bench").setIndex(index).setGroupSize(batch)
                    .setPromptId("bench")
                    .setPromptTokenIds(boxed(prompt))
                    .setCompletionTokenIds(boxed(random.ints(newTokens, 0, vocabulary).toArray()))
                    .setBehaviourLogprobs(Collections.nCopies(newTokens, -5f))
                    .setTemperature(1f).setPolicyVersion(0)
                    .setReward(index % 2).setRewardComponents(Map.of("accuracy", (double) (index % 2)))
                    .setRewardVersions(Map.of("accuracy", "1"))
                    .setAdvantage(index % 2 == 0 ? -1 : 1)
                    .setAssembledAt(Instant.EPOCH)
                    .build();
            members.add(new ReceivedSample(sample, new TopicPartition("bench", 0), index, new byte[0], new byte[0]));
        }
        return new TrainingGroup("bench", members);
    }

    private static List<Integer> boxed(int[] ids) {
        return IntStream.of(ids).boxed().toList();
    }
}
