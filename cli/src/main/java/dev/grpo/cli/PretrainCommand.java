package dev.grpo.cli;

import dev.grpo.cli.options.BatchOptions;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.policy.checkpoint.Checkpoint;
import dev.grpo.policy.model.ModelPreset;
import dev.grpo.policy.model.PolicyModel;
import dev.grpo.policy.pretrain.PretrainProgress;
import dev.grpo.policy.pretrain.PretrainResult;
import dev.grpo.policy.pretrain.PretrainSettings;
import dev.grpo.policy.pretrain.Pretrainer;
import dev.grpo.policy.pretrain.TrainingText;
import dev.grpo.policy.task.ArithmeticTask;
import dev.grpo.policy.task.CorpusMix;
import dev.grpo.policy.task.CorpusSample;
import dev.grpo.policy.task.PretrainingCorpus;
import dev.grpo.policy.tokenizer.CharTokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo pretrain}: trains a base policy from scratch on a synthetic task's corpus and writes a checkpoint. */
@Command(
        name = "pretrain",
        sortOptions = false,
        headerHeading = "%n",
        header = "Pretrain a base policy from scratch on a synthetic task and write a checkpoint.",
        descriptionHeading = "%n",
        description = "The corpus is in the R1-Zero format <think>...</think><answer>...</answer> and is imperfect "
                + "on purpose: many answers are guessed without work, some worked answers slip, and some reasoning "
                + "switches to Chinese mid-sentence, so that RL with rule rewards has something to select. "
                + "Next-token loss on the completions, AdamW with warm-up and cosine decay.")
final class PretrainCommand implements Callable<Integer> {

    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int BAR_WIDTH = 24;

    @Spec
    private CommandSpec spec;

    @Option(names = "--task", defaultValue = ArithmeticTask.NAME, paramLabel = "TASK",
            description = "Synthetic task whose corpus to learn (default: ${DEFAULT-VALUE}; the only one so far).")
    private String task;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Checkpoint directory to create (an existing one is replaced atomically).")
    private Path out;

    @Option(names = "--steps", defaultValue = "1500", paramLabel = "N", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Mixin
    private BatchOptions batch = new BatchOptions(32);

    @Option(names = "--lr", defaultValue = "2e-3", paramLabel = "RATE", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    private float learningRate;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seeds the weights and the corpus (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--preset", defaultValue = "demo", paramLabel = "NAME", description = "Model size: demo or tiny (default: ${DEFAULT-VALUE}).")
    private String preset;

    @Mixin
    private DeviceOptions device;

    @Override
    public Integer call() {
        validate();
        CharTokenizer tokenizer = new CharTokenizer();
        PretrainingCorpus corpus = new PretrainingCorpus(new ArithmeticTask(), CorpusMix.DEMO, seed);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        try (PolicyModel model = PolicyModel.create(modelPreset().config(tokenizer.vocabularySize()), seed,
                device.device())) {
            stdout.printf("pretraining a %s model (%,d parameters) on %s for %d steps of %d examples, on %s%n",
                    preset, model.parameterCount(), task, steps, batch.size(), model.device());
            stdout.flush();
            ProgressLine progress = new ProgressLine(err);
            PretrainResult result = new Pretrainer(model, tokenizer, new PretrainSettings(steps, batch.size(), learningRate))
                    .train(() -> text(corpus.next()), progress::show);
            progress.finish();
            String sha256 = Checkpoint.write(model, out, metadata(result));
            stdout.printf("loss %.3f -> %.3f, %,d tokens in %s; wrote %s (sha256 %s)%n", result.firstLoss(),
                    result.finalLoss(), result.tokens(), clock(result.elapsed()), out, sha256);
        }
        return 0;
    }

    private void validate() {
        if (!task.equals(ArithmeticTask.NAME)) {
            throw new ParameterException(spec.commandLine(), "unknown task '" + task + "': only '" + ArithmeticTask.NAME
                    + "' exists");
        }
        if (steps <= 0 || batch.size() <= 0 || !(learningRate > 0)) {
            throw new ParameterException(spec.commandLine(), "--steps, --batch-size and --lr must be > 0");
        }
        modelPreset();
    }

    private ModelPreset modelPreset() {
        try {
            return ModelPreset.valueOf(preset.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown preset '" + preset + "': use demo or tiny");
        }
    }

    private static TrainingText text(CorpusSample sample) {
        return new TrainingText(sample.prompt(), sample.completion());
    }

    private Map<String, String> metadata(PretrainResult result) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("task", task);
        metadata.put("tokenizer", "char");
        metadata.put("corpus_mix", CorpusMix.DEMO.toString());
        metadata.put("preset", preset);
        metadata.put("steps", Integer.toString(steps));
        metadata.put("batch_size", Integer.toString(batch.size()));
        metadata.put("learning_rate", Float.toString(learningRate));
        metadata.put("seed", Long.toString(seed));
        metadata.put("final_loss", Float.toString(result.finalLoss()));
        return metadata;
    }

    private static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%02d:%02d", seconds / 60, seconds % 60);
    }

    /** One self-overwriting line on stderr: bar, step/total, loss, tokens/s and ETA, redrawn a few times a second. */
    private static final class ProgressLine {

        private final PrintWriter err;
        private long lastDraw;
        private float smoothedLoss = Float.NaN;

        ProgressLine(PrintWriter err) {
            this.err = err;
        }

        void show(PretrainProgress progress) {
            smoothedLoss = Float.isNaN(smoothedLoss) ? progress.loss() : 0.9f * smoothedLoss + 0.1f * progress.loss();
            long now = System.nanoTime();
            if (now - lastDraw < REDRAW_NANOS && progress.step() < progress.totalSteps()) {
                return;
            }
            lastDraw = now;
            int filled = BAR_WIDTH * progress.step() / progress.totalSteps();
            err.printf("\r[%s%s] %d/%d  loss %.3f  %,.0f tok/s  ETA %s ", "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), progress.step(), progress.totalSteps(), smoothedLoss,
                    progress.tokensPerSecond(), clock(progress.remaining()));
            err.flush();
        }

        void finish() {
            err.println();
            err.flush();
        }
    }
}
