package dev.grpo.policy;


import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Supervised fine-tuning: trains a model in place on a fixed set of prompt/completion pairs for some epochs, with the
 * next-token loss on the completion tokens only ({@link CompletionTokenLoss}) and AdamW with warm-up and cosine decay.
 * The examples are reshuffled every epoch from the seed, so a run is reproducible.
 */
public final class FineTuner {

    private final PolicyModel model;
    private final int padId;
    private final FineTuneConfig settings;

    /**
     * @param model the model to train in place (typically loaded from a checkpoint)
     * @param padId the id written into padding
     * @param settings epochs, batch size, learning rate, seed
     */
    public FineTuner(PolicyModel model, int padId, FineTuneConfig settings) {
        this.model = model;
        this.padId = padId;
        this.settings = settings;
    }

    /**
     * @param examples prompt ids and completion ids (end-of-sequence included where the completion should stop)
     * @param listener told after every step
     * @return the losses, steps, tokens and time
     * @throws IllegalArgumentException when there are no examples, or one is empty or does not fit the model
     *     ({@link SequenceTooLongException}, {@link TokenIdOutOfRangeException}), naming its index
     */
    public FineTuneResult train(List<ScoringRequest> examples, Consumer<FineTuneProgress> listener) {
        CompletionTokenLoss loss = new CompletionTokenLoss(model, padId);
        loss.validate(examples);
        int stepsPerEpoch = settings.stepsPerEpoch(examples.size());
        int totalSteps = settings.epochs() * stepsPerEpoch;
        AdamW optimizer = new AdamW(model, OptimizerConfig.cosine(settings.learningRate(), totalSteps));
        Random order = new Random(settings.seed());
        List<Integer> indices = new ArrayList<>(IntStream.range(0, examples.size()).boxed().toList());
        List<Double> epochLosses = new ArrayList<>();
        long start = System.nanoTime();
        long tokens = 0;
        int step = 0;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            Collections.shuffle(indices, order);
            double epochLoss = 0;
            for (int from = 0; from < indices.size(); from += settings.batchSize()) {
                List<ScoringRequest> batch = indices.subList(from, Math.min(indices.size(), from + settings.batchSize()))
                        .stream().map(examples::get).toList();
                float batchLoss = loss.backward(batch);
                optimizer.step();
                step++;
                epochLoss += batchLoss;
                tokens += batch.stream().mapToLong(r -> r.promptIds().length + r.completionIds().length).sum();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                listener.accept(new FineTuneProgress(step, totalSteps, epoch, batchLoss,
                        tokens / Math.max(1e-9, elapsed.toNanos() / 1e9), elapsed));
            }
            epochLosses.add(epochLoss / stepsPerEpoch);
        }
        return new FineTuneResult(examples.size(), step, epochLosses, tokens, Duration.ofNanos(System.nanoTime() - start));
    }
}
