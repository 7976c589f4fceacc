package dev.grpo.policy;


import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trains a model from scratch on a stream of texts with the next-token loss over completion tokens (the
 * end-of-sequence token included), using AdamW with warm-up and cosine decay; the loss is {@link CompletionTokenLoss}.
 */
public final class Pretrainer {

    private final PolicyModel model;
    private final Tokenizer tokenizer;
    private final PretrainConfig settings;

    /**
     * @param model the model to train in place
     * @param tokenizer turns texts into ids; its vocabulary must fit the model
     * @param settings steps, batch size, learning rate
     */
    public Pretrainer(PolicyModel model, Tokenizer tokenizer, PretrainConfig settings) {
        if (tokenizer.vocabularySize() > model.config().vocabularySize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabularySize()
                    + " ids but the model only " + model.config().vocabularySize());
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.settings = settings;
    }

    /**
     * @param corpus supplies training texts, one per call
     * @param listener told after every step
     * @return losses, token count and time
     */
    public PretrainResult train(Supplier<TrainingText> corpus, PretrainListener listener) {
        CompletionTokenLoss loss = new CompletionTokenLoss(model, tokenizer.padId());
        AdamW optimizer = new AdamW(model,
                OptimizerConfig.cosine(settings.learningRate(), settings.steps()));
        long start = System.nanoTime();
        long tokens = 0;
        double[] losses = new double[settings.steps()];
        for (int step = 1; step <= settings.steps(); step++) {
            List<ScoringRequest> batch = nextBatch(corpus);
            tokens += batch.stream().mapToLong(r -> r.promptIds().length + r.completionIds().length).sum();
            losses[step - 1] = loss.backward(batch);
            optimizer.step();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            listener.onStep(new PretrainProgress(step, settings.steps(), (float) losses[step - 1],
                    tokens / Math.max(1e-9, elapsed.toNanos() / 1e9), elapsed));
        }
        int tail = Math.max(1, settings.steps() / 10);
        double finalLoss = Arrays.stream(losses, losses.length - tail, losses.length).average().orElse(Double.NaN);
        return new PretrainResult(settings.steps(), (float) losses[0], (float) finalLoss, tokens,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private List<ScoringRequest> nextBatch(Supplier<TrainingText> corpus) {
        List<ScoringRequest> batch = new ArrayList<>(settings.batchSize());
        for (int i = 0; i < settings.batchSize(); i++) {
            batch.add(corpus.get().tokens(tokenizer));
        }
        return batch;
    }
}
