package dev.grpo.policy.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.grpo.policy.model.ComputeDevice;
import dev.grpo.policy.model.PolicyModel;
import dev.grpo.policy.model.Scalar;
import dev.grpo.policy.scoring.CompletionLogProbs;
import dev.grpo.policy.scoring.CompletionScorer;
import dev.grpo.policy.scoring.ScoringRequest;
import dev.grpo.policy.tokenizer.SpecialToken;
import dev.grpo.policy.tokenizer.Tokenizer;
import dev.grpo.policy.training.OptimizerSettings;
import dev.grpo.policy.training.PolicyOptimizer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trains a model from scratch on a stream of texts with the next-token loss over completion tokens (the
 * end-of-sequence token included), using AdamW with warm-up and cosine decay. The loss is built on
 * {@link CompletionScorer}, the same code path the RL learner trains through.
 */
public final class Pretrainer {

    /** A batch group holds sequences up to this many times as long as its shortest one. */
    private static final double GROUP_LENGTH_RATIO = 1.5;

    private final PolicyModel model;
    private final Tokenizer tokenizer;
    private final PretrainSettings settings;

    /**
     * @param model the model to train in place
     * @param tokenizer turns texts into ids; its vocabulary must fit the model
     * @param settings steps, batch size, learning rate
     */
    public Pretrainer(PolicyModel model, Tokenizer tokenizer, PretrainSettings settings) {
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
        CompletionScorer scorer = new CompletionScorer(model, tokenizer.id(SpecialToken.PAD));
        PolicyOptimizer optimizer = new PolicyOptimizer(model,
                OptimizerSettings.cosine(settings.learningRate(), settings.steps()));
        Engine engine = Engine.getEngine(ComputeDevice.ENGINE);
        long start = System.nanoTime();
        long tokens = 0;
        double[] losses = new double[settings.steps()];
        for (int step = 1; step <= settings.steps(); step++) {
            List<ScoringRequest> batch = nextBatch(corpus);
            tokens += batch.stream().mapToLong(r -> r.promptIds().length + r.completionIds().length).sum();
            losses[step - 1] = trainStep(engine, scorer, optimizer, batch);
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
            batch.add(example(corpus.get()));
        }
        return batch;
    }

    private ScoringRequest example(TrainingText text) {
        int[] completion = tokenizer.encode(text.completion());
        int[] withEnd = Arrays.copyOf(completion, completion.length + 1);
        withEnd[completion.length] = tokenizer.id(SpecialToken.EOS);
        return new ScoringRequest(tokenizer.encode(text.prompt()), withEnd);
    }

    /**
     * One optimiser step on a batch. The batch is cut into groups of similar length, each run forward and backward
     * on its own, so short direct answers are not padded to the length of long worked ones; the gradients add up
     * to those of the whole batch's mean token loss.
     */
    private float trainStep(Engine engine, CompletionScorer scorer, PolicyOptimizer optimizer,
                            List<ScoringRequest> batch) {
        long completionTokens = batch.stream().mapToLong(r -> r.completionIds().length).sum();
        double loss = 0;
        for (List<ScoringRequest> group : similarLengthGroups(batch)) {
            try (NDManager step = model.manager().newSubManager();
                 GradientCollector collector = engine.newGradientCollector()) {
                CompletionLogProbs logProbs = scorer.logProbs(step, group, 1f);
                NDArray negatedSum = logProbs.logProbs().sum().neg();
                NDArray share = negatedSum.div(Scalar.like(negatedSum, completionTokens));
                collector.backward(share);
                loss += share.getFloat();
            }
        }
        optimizer.step();
        return (float) loss;
    }

    private static List<List<ScoringRequest>> similarLengthGroups(List<ScoringRequest> batch) {
        List<ScoringRequest> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparingInt(Pretrainer::length));
        List<List<ScoringRequest>> groups = new ArrayList<>();
        List<ScoringRequest> group = new ArrayList<>();
        for (ScoringRequest request : sorted) {
            if (!group.isEmpty() && length(request) > GROUP_LENGTH_RATIO * length(group.get(0))) {
                groups.add(group);
                group = new ArrayList<>();
            }
            group.add(request);
        }
        groups.add(group);
        return groups;
    }

    private static int length(ScoringRequest request) {
        return request.promptIds().length + request.completionIds().length;
    }
}
