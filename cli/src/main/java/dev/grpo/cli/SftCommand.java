package dev.grpo.cli;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.policy.FineTuneConfig;
import dev.grpo.workflow.sft.SftFile;
import dev.grpo.workflow.sft.SftRun;
import dev.grpo.workflow.sft.SftSource;
import dev.grpo.workflow.sft.SftTopic;
import dev.grpo.cli.options.BatchOptions;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.cli.options.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo sft}: supervised fine-tuning of a checkpoint on rejection-sampled completions from a topic, or on
 * prompt/completion pairs from a JSONL file, with the next-token loss on the completion tokens only.
 */
@Command(name = "sft",
        sortOptions = false,
        description = {"Fine-tune a checkpoint with next-token loss on the completion tokens only (the prompt is "
                + "masked): on the examples of a topic filled by 'grpo reject' (every committed record up to the "
                + "end offsets at start), or on a JSONL file of {\"prompt\": ..., \"completion\": ...} text "
                + "(tokenized with the model's tokenizer; the end-of-sequence token is appended to each completion).",
            "With a stronger policy's rejection-sampled completions and a smaller --model, this is distillation."})
public final class SftCommand implements Callable<Integer> {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Mixin
    private KafkaConnection kafka;

    @Mixin
    private ModelOptions startingModel;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Checkpoint directory to write (an existing one is replaced atomically).")
    private Path out;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Passes over the examples (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--lr", defaultValue = "3e-4", paramLabel = "RATE",
            description = "Peak AdamW learning rate, warm-up then cosine decay (default: ${DEFAULT-VALUE}).")
    private float learningRate;

    @Mixin
    private BatchOptions batch = new BatchOptions(16);

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
            description = "Seeds the order of the examples (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private DeviceOptions device;

    /** Exactly one place to read the examples from. */
    static final class Source {

        @Option(names = "--from-topic", paramLabel = "TOPIC", description = "A topic of SftExample records, e.g. "
                + "grpo.sft (named without --topic-prefix, which is put before it).")
        String topic;

        @Option(names = "--from-file", paramLabel = "FILE.jsonl", description = "A JSONL file of prompt/completion text.")
        Path file;
    }

    @Override
    public Integer call() {
        new SftRun(settings()).run(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    private SftRun.Config settings() {
        if (source.file != null && !Files.isRegularFile(source.file)) {
            throw new ParameterException(spec.commandLine(), "no file " + source.file);
        }
        if (!Files.isDirectory(startingModel.required())) {
            throw new ParameterException(spec.commandLine(), "no checkpoint directory " + startingModel.required());
        }
        try {
            return new SftRun.Config(startingModel.required(), out, source(), new FineTuneConfig(epochs, batch.size(), learningRate, seed),
                    device.device());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private SftSource source() {
        if (source.topic != null) {
            return new SftSource.FromTopic(new SftTopic(kafka.cluster(), kafka.cluster().topic(source.topic),
                    KAFKA_TIMEOUT), source.topic + " at " + kafka.bootstrapServers());
        }
        return new SftSource.FromFile(new SftFile(source.file));
    }
}
