package dev.grpo.cli;

import dev.grpo.cli.options.BatchOptions;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.cli.options.ModelOptions;
import dev.grpo.cli.sft.SftFile;
import dev.grpo.cli.sft.SftProgressLine;
import dev.grpo.cli.sft.SftTopic;
import dev.grpo.policy.ModelDirectory;
import dev.grpo.policy.checkpoint.Checkpoint;
import dev.grpo.policy.finetune.FineTuneResult;
import dev.grpo.policy.finetune.FineTuneSettings;
import dev.grpo.policy.finetune.FineTuner;
import dev.grpo.policy.model.PolicyModel;
import dev.grpo.policy.pretrain.TrainingText;
import dev.grpo.policy.scoring.ScoringRequest;
import dev.grpo.policy.tokenizer.Tokenizer;
import dev.grpo.policy.tokenizer.UnknownCharacterException;
import dev.grpo.records.SftExample;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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
        FineTuneSettings settings = settings();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        try (ModelDirectory directory = ModelDirectory.open(startingModel.required());
             PolicyModel model = directory.load(device.device())) {
            Tokenizer tokenizer = directory.tokenizer();
            List<ScoringRequest> examples = fitting(examples(tokenizer, line -> warn(err, line)), model, err);
            if (examples.isEmpty()) {
                throw new IllegalStateException("no examples to fine-tune on in " + sourceName());
            }
            stdout.printf(Locale.ROOT, "fine-tuning %s on %,d examples from %s: %d epochs of %d steps, lr %s%n",
                    startingModel.required(),
                    examples.size(), sourceName(), epochs, settings.stepsPerEpoch(examples.size()), learningRate);
            stdout.flush();
            SftProgressLine progress = new SftProgressLine(err);
            FineTuneResult result = new FineTuner(model, tokenizer.padId(), settings)
                    .train(examples, progress::show);
            progress.finish();
            String sha256 = Checkpoint.write(model, out, metadata(directory.checkpoint(), result), startingModel.required());
            stdout.printf(Locale.ROOT, "loss per epoch %s, %,d tokens in %s; wrote %s (sha256 %s)%n",
                    losses(result.epochLosses()), result.tokens(), SftProgressLine.clock(result.elapsed()), out, sha256);
        }
        return 0;
    }

    private FineTuneSettings settings() {
        if (source.file != null && !Files.isRegularFile(source.file)) {
            throw new ParameterException(spec.commandLine(), "no file " + source.file);
        }
        if (!Files.isDirectory(startingModel.required())) {
            throw new ParameterException(spec.commandLine(), "no checkpoint directory " + startingModel.required());
        }
        try {
            device.device();
            return new FineTuneSettings(epochs, batch.size(), learningRate, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private List<ScoringRequest> examples(Tokenizer tokenizer, Consumer<String> warnings) {
        if (source.topic != null) {
            List<ScoringRequest> requests = new ArrayList<>();
            SftTopic topic = new SftTopic(kafka.cluster(), kafka.cluster().topic(source.topic), KAFKA_TIMEOUT);
            for (SftExample example : topic.read(warnings)) {
                requests.add(new ScoringRequest(ids(example.getPromptTokenIds()), ids(example.getCompletionTokenIds())));
            }
            return requests;
        }
        List<ScoringRequest> requests = new ArrayList<>();
        List<TrainingText> texts = new SftFile(source.file).read(warnings);
        for (int i = 0; i < texts.size(); i++) {
            try {
                requests.add(texts.get(i).tokens(tokenizer));
            } catch (UnknownCharacterException e) {
                warnings.accept(source.file + " example " + (i + 1) + ": " + e.getMessage() + "; skipped");
            }
        }
        return requests;
    }

    /** Drops (and counts) examples the model cannot take: empty, or longer than its context. */
    private static List<ScoringRequest> fitting(List<ScoringRequest> examples, PolicyModel model, PrintWriter err) {
        int maxLength = model.config().maxLength();
        List<ScoringRequest> fitting = examples.stream().filter(e -> e.promptIds().length > 0
                && e.completionIds().length > 0 && e.promptIds().length + e.completionIds().length <= maxLength).toList();
        if (fitting.size() < examples.size()) {
            warn(err, (examples.size() - fitting.size()) + " examples are empty or longer than the model's " + maxLength
                    + " tokens; skipped");
        }
        return fitting;
    }

    private static int[] ids(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private String sourceName() {
        return source.topic != null ? source.topic + " at " + kafka.bootstrapServers() : source.file.toString();
    }

    private Map<String, String> metadata(Checkpoint base, FineTuneResult result) {
        Map<String, String> metadata = new LinkedHashMap<>(base.metadata());
        metadata.put("sft_init", startingModel.required().toString());
        metadata.put("sft_init_sha256", base.sha256());
        metadata.put("sft_source", sourceName());
        metadata.put("sft_examples", Integer.toString(result.examples()));
        metadata.put("sft_epochs", Integer.toString(epochs));
        metadata.put("sft_batch", Integer.toString(batch.size()));
        metadata.put("sft_learning_rate", Float.toString(learningRate));
        metadata.put("sft_seed", Long.toString(seed));
        metadata.put("sft_final_loss", Double.toString(result.epochLosses().get(result.epochLosses().size() - 1)));
        return metadata;
    }

    private static String losses(List<Double> losses) {
        return String.join(" -> ", losses.stream().map(l -> String.format(Locale.ROOT, "%.4f", l)).toList());
    }

    private static void warn(PrintWriter err, String line) {
        err.println("grpo sft: " + line);
        err.flush();
    }
}
