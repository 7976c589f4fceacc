package dev.grpo.bench.learner;

import ai.djl.Device;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.LossConfig;
import dev.grpo.learner.StepOutcome;
import dev.grpo.learner.StepTrainer;
import dev.grpo.learner.internal.batch.ShuffleRandom;
import dev.grpo.learner.internal.loss.GrpoLoss;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.IntraOpThreads;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.OptimizerConfig;
import dev.grpo.schemas.KafkaClusterConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Times the learner's optimiser step as training takes it: {@link StepTrainer#train} on a seeded
 * {@link SyntheticBatch} — the policy's forward pass, the frozen reference's (when the KL coefficient is above 0), the
 * GRPO loss against behaviour log-probs, backward, and AdamW — with the learner's default objective and the demo's
 * learning rate. The behaviour log-probs are the policy's own at the start, perturbed a little (as a generator one
 * version behind records them), so the ratio sits near 1 and the clip bites on some tokens, as in training.
 * {@code grpo bench learner} is its entry point.
 */
public final class LearnerBenchmark {

    /** The sampling temperature the synthetic rollouts claim: the demo's. */
    public static final float TEMPERATURE = 1f;
    /** The pad id the step's batches are padded with. */
    public static final int PAD_ID = 0;
    /** The demo's learning rate ({@code grpo demo --lr}). */
    public static final float LEARNING_RATE = 1e-4f;
    /** How far the behaviour log-probs stray from the policy's (standard deviation, in nats). */
    static final double BEHAVIOUR_NOISE = 0.05;

    private LearnerBenchmark() {
    }

    /**
     * What to time.
     *
     * @param model a checkpoint directory ({@code config.json} + {@code model.safetensors})
     * @param groups groups per step (the learner's {@code --groups-per-step})
     * @param groupSize completions per group (G)
     * @param promptTokens the longest prompt
     * @param completionTokens the longest completion (the demo's {@code --max-new-tokens})
     * @param warmup untimed steps first
     * @param steps timed steps
     * @param threads PyTorch intra-op threads
     * @param klCoefficient β; above 0 the step includes the reference model's forward pass
     * @param seed draws the batch and its behaviour log-probs
     */
    public record Config(Path model, int groups, int groupSize, int promptTokens, int completionTokens, int warmup,
                         int steps, int threads, double klCoefficient, long seed) {

        /** The model the demo trains. */
        public static final String DEFAULT_MODEL = "models/arithmetic-base";
        /** The demo's groups per step. */
        public static final int DEFAULT_GROUPS = 8;
        /** The demo's group size. */
        public static final int DEFAULT_GROUP_SIZE = 8;
        /** The demo's longest prompt ({@code 473+381=}). */
        public static final int DEFAULT_PROMPT_TOKENS = 8;
        /** The demo's token budget per completion. */
        public static final int DEFAULT_COMPLETION_TOKENS = 96;
        /** Untimed steps: the first few steps of a fresh process are slow. */
        public static final int DEFAULT_WARMUP = 3;
        /** Timed steps. */
        public static final int DEFAULT_STEPS = 10;
        /** The launcher's PyTorch intra-op threads ({@code distribution/src/conf/jvm.options}). */
        public static final int DEFAULT_THREADS = 1;
        /** The learner's default β ({@code grpo learn --kl-coef}). */
        public static final double DEFAULT_KL_COEFFICIENT = 0.001;

        /** Rejects a missing model and counts out of range, naming the first. */
        public Config {
            if (model == null) {
                throw new IllegalArgumentException("a model directory is required");
            }
            atLeast("groups", groups, 1);
            atLeast("group size", groupSize, 1);
            atLeast("prompt tokens", promptTokens, 1);
            atLeast("completion tokens", completionTokens, 1);
            atLeast("warm-up steps", warmup, 0);
            atLeast("steps", steps, 1);
            atLeast("PyTorch threads", threads, 1);
            if (!(klCoefficient >= 0) || !Double.isFinite(klCoefficient)) {
                throw new IllegalArgumentException("the KL coefficient must be a number >= 0, got " + klCoefficient);
            }
        }

        private static void atLeast(String name, int value, int minimum) {
            if (value < minimum) {
                throw new IllegalArgumentException(name + " must be >= " + minimum + ", got " + value);
            }
        }

        /**
         * @param model the checkpoint directory
         * @return the demo's step on that model: 8 groups of 8, prompts up to 8 and completions up to 96 tokens,
         *     3 warm-up and 10 timed steps, one thread, β 0.001, seed 0
         */
        public static Config defaults(Path model) {
            return new Config(model, DEFAULT_GROUPS, DEFAULT_GROUP_SIZE, DEFAULT_PROMPT_TOKENS,
                    DEFAULT_COMPLETION_TOKENS, DEFAULT_WARMUP, DEFAULT_STEPS, DEFAULT_THREADS, DEFAULT_KL_COEFFICIENT, 0);
        }
    }

    /**
     * Loads the model (twice when the step needs a reference), draws the batch, and runs the warm-up and timed steps,
     * printing each step's time and the summary to {@code out}.
     *
     * @param settings what to time
     * @param device where the model runs
     * @param out where the report goes
     * @return the numbers, the batch and the log-probs it was scored with
     * @throws IllegalArgumentException when the longest prompt plus completion exceed the model's max length
     */
    public static LearnerRun run(Config settings, Device device, PrintStream out) {
        Checkpoint checkpoint = Checkpoint.read(settings.model());
        int maxLength = checkpoint.config().maxLength();
        if (settings.promptTokens() + settings.completionTokens() > maxLength) {
            throw new IllegalArgumentException("prompt tokens " + settings.promptTokens() + " + completion tokens "
                    + settings.completionTokens() + " exceed the max length " + maxLength + " of " + settings.model());
        }
        try (PolicyModel policy = checkpoint.load(device);
             PolicyModel reference = settings.klCoefficient() > 0 ? checkpoint.load(device) : null) {
            IntraOpThreads.set(settings.threads()); // the models loaded the engine, which set the launcher's count
            return new Timing(settings, policy, reference, out).run();
        }
    }

    /** One run's state: the model, the batch, the trainer. */
    private static final class Timing {

        private final Config settings;
        private final PolicyModel policy;
        private final PrintStream out;
        private final LossConfig loss;
        private final OptimizerConfig optimizer;
        private final StepTrainer trainer;

        private Timing(Config settings, PolicyModel policy, PolicyModel reference, PrintStream out) {
            this.settings = settings;
            this.policy = policy;
            this.out = out;
            // the learner's defaults with the demo's learning rate, so the step timed is the step training takes
            LearnerConfig learner = LearnerConfig.builder("bench", KafkaClusterConfig.of("unused:9092"),
                    Path.of("unused")).learningRate(LEARNING_RATE).klCoefficient(settings.klCoefficient()).build();
            loss = learner.lossSettings(policy.config().maxLength());
            optimizer = learner.optimizer();
            trainer = new StepTrainer(policy, reference, new AdamW(policy, optimizer), new GrpoLoss(loss), PAD_ID, 0);
        }

        private LearnerRun run() {
            SyntheticBatch batch = SyntheticBatch.draw(settings, policy.config().vocabularySize(), settings.seed());
            float[][] logProbs = new CompletionScorer(policy, PAD_ID).logProbArrays(batch.scoringRequests(),
                    TEMPERATURE);
            float[][] behaviour = perturbed(logProbs, settings.seed());
            header(batch);
            double[] warmup = new double[settings.warmup()];
            double[] timed = new double[settings.steps()];
            StepOutcome first = null;
            Optional<ProcessCounters> beforeTimed = Optional.empty();
            for (int step = 0; step < warmup.length + timed.length; step++) {
                beforeTimed = step == warmup.length ? ProcessCounters.now() : beforeTimed;
                var groups = new ArrayList<>(batch.trainingGroups(behaviour, TEMPERATURE));
                long started = System.nanoTime();
                StepOutcome outcome = trainer.train(groups, new ShuffleRandom(settings.seed() + step));
                double seconds = (System.nanoTime() - started) / 1e9;
                first = first == null ? outcome : first;
                boolean warming = step < warmup.length;
                (warming ? warmup : timed)[warming ? step : step - warmup.length] = seconds;
                out.printf(Locale.ROOT, "  %-8s %2d: %7.3f s  (loss %+.6f, gradient norm %.6f)%n",
                        warming ? "warm-up" : "step", warming ? step + 1 : step - warmup.length + 1, seconds,
                        outcome.loss(), outcome.gradientNorm());
            }
            StepTimes times = new StepTimes(warmup, timed);
            out.printf(Locale.ROOT, "first step %.3f s; median %.3f s, p90 %.3f s over %d timed steps%n",
                    times.first(), times.median(), times.p90(), timed.length);
            beforeTimed.ifPresent(before -> perStep(ProcessCounters.now().orElseThrow().since(before), timed.length));
            return new LearnerRun(settings, policy.parameterCount(), IntraOpThreads.count(), batch, behaviour, logProbs,
                    times, first, loss, optimizer);
        }

        /** The process's CPU time and page faults per timed step: what the native allocator costs, under any load. */
        private void perStep(ProcessCounters timedSteps, int steps) {
            out.printf(Locale.ROOT, "per timed step: CPU %.3f s user + %.3f s system, %,d minor page faults%n",
                    timedSteps.userSeconds() / steps, timedSteps.systemSeconds() / steps,
                    timedSteps.minorFaults() / steps);
        }

        private void header(SyntheticBatch batch) {
            out.printf(Locale.ROOT, "learner step: %s (%,d parameters) on %s, PyTorch intra-op threads %d, %d CPU cores%n",
                    settings.model(), policy.parameterCount(), policy.device(), IntraOpThreads.count(),
                    Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "  %d groups x %d = %d sequences, prompts <= %d and completions <= %d tokens "
                            + "(%,d completion tokens), β %s%s; %d warm-up + %d timed steps%n",
                    settings.groups(), settings.groupSize(), batch.size(), settings.promptTokens(),
                    settings.completionTokens(), batch.completionTokens(), settings.klCoefficient(),
                    settings.klCoefficient() > 0 ? " (reference forward included)" : " (no reference)",
                    settings.warmup(), settings.steps());
        }
    }

    /** The policy's log-probs plus seeded Gaussian noise, never above 0: what a generator a version behind records. */
    private static float[][] perturbed(float[][] logProbs, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[][] behaviour = new float[logProbs.length][];
        for (int i = 0; i < logProbs.length; i++) {
            behaviour[i] = new float[logProbs[i].length];
            for (int t = 0; t < logProbs[i].length; t++) {
                behaviour[i][t] = (float) Math.min(0, logProbs[i][t] + BEHAVIOUR_NOISE * random.nextGaussian());
            }
        }
        return behaviour;
    }
}
