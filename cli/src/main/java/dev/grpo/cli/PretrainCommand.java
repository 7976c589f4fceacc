package dev.grpo.cli;

import dev.grpo.cli.options.BatchOptions;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.policy.ArithmeticTask;
import dev.grpo.workflow.pretrain.PretrainRun;
import java.nio.file.Path;
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
        new PretrainRun(settings()).run(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    private PretrainRun.Config settings() {
        try {
            return new PretrainRun.Config(task, out, steps, batch.size(), learningRate, seed, preset,
                    device.device());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
