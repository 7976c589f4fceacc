package dev.grpo.workflow.pretrain;

import ai.djl.Device;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.PretrainResult;
import dev.grpo.policy.PretrainConfig;
import dev.grpo.policy.Pretrainer;
import dev.grpo.policy.TrainingText;
import dev.grpo.policy.ArithmeticTask;
import dev.grpo.policy.CorpusMix;
import dev.grpo.policy.CorpusSample;
import dev.grpo.policy.PretrainingCorpus;
import dev.grpo.policy.CharTokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pretraining job behind {@code grpo pretrain}: a base policy trained from scratch on a synthetic task's corpus
 * (next-token loss on the completions, AdamW with warm-up and cosine decay), written as a checkpoint whose metadata
 * says how it was made.
 */
public final class PretrainRun {

    private final Config settings;

    /**
     * What to pretrain.
     *
     * @param task the synthetic task whose corpus to learn (only {@link ArithmeticTask#NAME} exists)
     * @param out the checkpoint directory to create (an existing one is replaced atomically)
     * @param steps optimiser steps
     * @param batchSize examples per step
     * @param learningRate peak learning rate
     * @param seed seeds the weights and the corpus
     * @param preset the model size, by name: demo or tiny
     * @param device where the model trains
     */
    public record Config(String task, Path out, int steps, int batchSize, float learningRate, long seed,
            String preset, Device device) {

        /** Rejects an unknown task or preset and non-positive counts, naming the value. */
        public Config {
            if (!task.equals(ArithmeticTask.NAME)) {
                throw new IllegalArgumentException("unknown task '" + task + "': only '" + ArithmeticTask.NAME
                        + "' exists");
            }
            if (steps <= 0 || batchSize <= 0 || !(learningRate > 0)) {
                throw new IllegalArgumentException("--steps, --batch-size and --lr must be > 0");
            }
            modelPreset(preset);
        }

        /** The model size {@link #preset()} names. */
        public ModelPreset modelPreset() {
            return modelPreset(preset);
        }

        private static ModelPreset modelPreset(String preset) {
            try {
                return ModelPreset.valueOf(preset.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown preset '" + preset + "': use demo or tiny", e);
            }
        }
    }

    /** A run of {@code settings}. */
    public PretrainRun(Config settings) {
        this.settings = settings;
    }

    /**
     * Trains and writes the checkpoint, reporting the plan and the outcome on {@code out} and a live progress line
     * on {@code err}.
     */
    public void run(PrintWriter out, PrintWriter err) {
        CharTokenizer tokenizer = new CharTokenizer();
        PretrainingCorpus corpus = new PretrainingCorpus(new ArithmeticTask(), CorpusMix.DEMO, settings.seed());
        try (PolicyModel model = PolicyModel.create(settings.modelPreset().config(tokenizer.vocabularySize()),
                settings.seed(), settings.device())) {
            out.printf("pretraining a %s model (%,d parameters) on %s for %d steps of %d examples, on %s%n",
                    settings.preset(), model.parameterCount(), settings.task(), settings.steps(), settings.batchSize(),
                    model.device());
            out.flush();
            PretrainProgressLine progress = new PretrainProgressLine(err);
            PretrainResult result = new Pretrainer(model, tokenizer,
                    new PretrainConfig(settings.steps(), settings.batchSize(), settings.learningRate()))
                    .train(() -> text(corpus.next()), progress::show);
            progress.finish();
            String sha256 = Checkpoint.write(model, settings.out(), metadata(result));
            out.printf("loss %.3f -> %.3f, %,d tokens in %s; wrote %s (sha256 %s)%n", result.firstLoss(),
                    result.finalLoss(), result.tokens(), PretrainProgressLine.clock(result.elapsed()), settings.out(),
                    sha256);
        }
    }

    private static TrainingText text(CorpusSample sample) {
        return new TrainingText(sample.prompt(), sample.completion());
    }

    private Map<String, String> metadata(PretrainResult result) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("task", settings.task());
        metadata.put("tokenizer", "char");
        metadata.put("corpus_mix", CorpusMix.DEMO.toString());
        metadata.put("preset", settings.preset());
        metadata.put("steps", Integer.toString(settings.steps()));
        metadata.put("batch_size", Integer.toString(settings.batchSize()));
        metadata.put("learning_rate", Float.toString(settings.learningRate()));
        metadata.put("seed", Long.toString(settings.seed()));
        metadata.put("final_loss", Float.toString(result.finalLoss()));
        return metadata;
    }
}
