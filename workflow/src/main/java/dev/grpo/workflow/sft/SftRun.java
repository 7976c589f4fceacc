package dev.grpo.workflow.sft;

import ai.djl.Device;
import dev.grpo.policy.ModelDirectory;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.FineTuneResult;
import dev.grpo.policy.FineTuneConfig;
import dev.grpo.policy.FineTuner;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SFT job behind {@code grpo sft}: a checkpoint fine-tuned with next-token loss on the completion tokens only, on
 * the examples of one {@link SftSource}, written as a new checkpoint whose metadata names its parent and the run.
 */
public final class SftRun {

    private final Config settings;

    /**
     * What to fine-tune.
     *
     * @param init the model directory to fine-tune (our layout or a Hugging Face one)
     * @param out the checkpoint directory to write (an existing one is replaced atomically)
     * @param source where the examples come from
     * @param fineTune epochs, batch size, peak learning rate and the seed of the example order
     * @param device where the model trains
     */
    public record Config(Path init, Path out, SftSource source, FineTuneConfig fineTune, Device device) {
    }

    /** A run of {@code settings}. */
    public SftRun(Config settings) {
        this.settings = settings;
    }

    /**
     * Fine-tunes and writes the checkpoint, reporting the plan and the outcome on {@code out}, warnings and a live
     * progress line on {@code err}.
     *
     * @throws IllegalStateException when the source holds no example the model can take
     */
    public void run(PrintWriter out, PrintWriter err) {
        FineTuneConfig fineTune = settings.fineTune();
        try (ModelDirectory directory = ModelDirectory.open(settings.init());
             PolicyModel model = directory.load(settings.device())) {
            Tokenizer tokenizer = directory.tokenizer();
            List<ScoringRequest> examples = fitting(settings.source().examples(tokenizer, line -> warn(err, line)),
                    model, err);
            if (examples.isEmpty()) {
                throw new IllegalStateException("no examples to fine-tune on in " + settings.source().name());
            }
            out.printf(Locale.ROOT, "fine-tuning %s on %,d examples from %s: %d epochs of %d steps, lr %s%n",
                    settings.init(), examples.size(), settings.source().name(), fineTune.epochs(),
                    fineTune.stepsPerEpoch(examples.size()), fineTune.learningRate());
            out.flush();
            SftProgressLine progress = new SftProgressLine(err);
            FineTuneResult result = new FineTuner(model, tokenizer.padId(), fineTune).train(examples, progress::show);
            progress.finish();
            String sha256 = Checkpoint.write(model, settings.out(), metadata(directory.checkpoint(), result),
                    settings.init());
            out.printf(Locale.ROOT, "loss per epoch %s, %,d tokens in %s; wrote %s (sha256 %s)%n",
                    losses(result.epochLosses()), result.tokens(), SftProgressLine.clock(result.elapsed()),
                    settings.out(), sha256);
        }
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

    private Map<String, String> metadata(Checkpoint base, FineTuneResult result) {
        FineTuneConfig fineTune = settings.fineTune();
        Map<String, String> metadata = new LinkedHashMap<>(base.metadata());
        metadata.put("sft_init", settings.init().toString());
        metadata.put("sft_init_sha256", base.sha256());
        metadata.put("sft_source", settings.source().name());
        metadata.put("sft_examples", Integer.toString(result.examples()));
        metadata.put("sft_epochs", Integer.toString(fineTune.epochs()));
        metadata.put("sft_batch", Integer.toString(fineTune.batchSize()));
        metadata.put("sft_learning_rate", Float.toString(fineTune.learningRate()));
        metadata.put("sft_seed", Long.toString(fineTune.seed()));
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
