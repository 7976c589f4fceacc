package dev.grpo.learner;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.learner.internal.batch.ShuffleRandom;
import dev.grpo.learner.internal.batch.TrainingGroup;
import dev.grpo.learner.internal.loss.GrpoLoss;
import dev.grpo.learner.internal.loss.LossBatch;
import dev.grpo.learner.internal.loss.LossTerms;
import dev.grpo.learner.internal.loss.StepTotals;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.NonFiniteGradientException;
import dev.grpo.policy.ComputeDevice;
import dev.grpo.policy.NoGradient;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.CompletionLogProbs;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.records.AdvantageSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains one optimiser step on whole groups: shuffles the groups, splits them into mini-batches (and each mini-batch by
 * sampling temperature, since log-probs are scored at the temperature the tokens were drawn at), accumulates the
 * gradient of every mini-batch's loss, then applies one clipped AdamW update. Because the update comes once, after
 * every mini-batch, the weights each mini-batch is scored with are the weights before the update: decoupled PPO's
 * proximal policy, which therefore needs no forward pass of its own.
 */
public final class StepTrainer {

    /**
     * DJL's PyTorch engine lets one gradient collector record at a time in a process, so learners sharing a JVM (e.g.
     * two loss variants trained side by side on one history topic) take turns at the backward passes of their steps.
     */
    private static final Object ONE_COLLECTOR_PER_PROCESS = new Object();

    private final CompletionScorer policyScorer;
    private final CompletionScorer referenceScorer;
    private final PolicyModel policy;
    private final AdamW optimizer;
    private final GrpoLoss loss;
    private final int groupsPerMiniBatch;

    /**
     * @param policy the model to train
     * @param reference the frozen reference, or null when the loss has no KL term
     * @param optimizer the optimiser of {@code policy}
     * @param loss the objective
     * @param padTokenId the tokenizer's pad id
     * @param groupsPerMiniBatch groups per forward/backward pass (0 = all of the step at once)
     */
    public StepTrainer(PolicyModel policy, PolicyModel reference, AdamW optimizer, GrpoLoss loss, int padTokenId,
                       int groupsPerMiniBatch) {
        if (loss.settings().usesReference() && reference == null) {
            throw new IllegalArgumentException("a KL coefficient above 0 needs a reference model");
        }
        this.policy = policy;
        this.policyScorer = new CompletionScorer(policy, padTokenId);
        this.referenceScorer = reference == null ? null : new CompletionScorer(reference, padTokenId);
        this.optimizer = optimizer;
        this.loss = loss;
        this.groupsPerMiniBatch = groupsPerMiniBatch;
    }

    /**
     * @param groups the step's groups (reordered in place by the shuffle)
     * @param random decides the mini-batch order
     * @return what the step did
     * @throws NonFiniteGradientException when the gradient is not finite (the weights stay as they were)
     */
    public StepOutcome train(List<TrainingGroup> groups, ShuffleRandom random) {
        random.shuffle(groups);
        long tokens = groups.stream().mapToLong(TrainingGroup::completionTokens).sum();
        int sequences = groups.stream().mapToInt(g -> g.members().size()).sum();
        StepTotals totals = new StepTotals(tokens, sequences);
        float learningRate = optimizer.nextLearningRate();
        Accumulated sums = new Accumulated();
        optimizer.zeroGradients();
        synchronized (ONE_COLLECTOR_PER_PROCESS) {
            try (GradientCollector collector = Engine.getEngine(ComputeDevice.ENGINE).newGradientCollector()) {
                for (List<ReceivedSample> miniBatch : miniBatches(groups)) {
                    byTemperature(miniBatch).forEach((temperature, samples) ->
                            sums.add(accumulate(collector, samples, temperature, totals)));
                }
            }
        }
        float gradientNorm = optimizer.step();
        return new StepOutcome(sums.loss, sums.policyLoss, sums.klLoss, (double) sums.clipped / tokens,
                (double) sums.capped / tokens, sums.negativeLogProbs / tokens, tokens, sequences, gradientNorm,
                learningRate);
    }

    private List<List<ReceivedSample>> miniBatches(List<TrainingGroup> groups) {
        int size = groupsPerMiniBatch == 0 ? groups.size() : groupsPerMiniBatch;
        List<List<ReceivedSample>> batches = new ArrayList<>();
        for (int from = 0; from < groups.size(); from += size) {
            List<ReceivedSample> batch = new ArrayList<>();
            groups.subList(from, Math.min(groups.size(), from + size)).forEach(g -> batch.addAll(g.members()));
            batches.add(batch);
        }
        return batches;
    }

    private static Map<Float, List<ReceivedSample>> byTemperature(List<ReceivedSample> samples) {
        Map<Float, List<ReceivedSample>> split = new TreeMap<>();
        samples.forEach(s -> split.computeIfAbsent(s.sample().getTemperature(), t -> new ArrayList<>()).add(s));
        return split;
    }

    private Accumulated accumulate(GradientCollector collector, List<ReceivedSample> samples, float temperature,
                                   StepTotals totals) {
        List<ScoringRequest> requests = samples.stream().map(s -> request(s.sample())).toList();
        try (NDManager miniBatch = policy.manager().newSubManager()) {
            NDArray reference = null;
            if (referenceScorer != null) {
                try (NoGradient noGradient = NoGradient.scope()) {
                    reference = referenceScorer.logProbs(miniBatch, requests, temperature).logProbs();
                }
            }
            CompletionLogProbs logProbs = policyScorer.logProbs(miniBatch, requests, temperature,
                    loss.settings().usesEntropy());
            int width = Math.toIntExact(logProbs.mask().getShape().get(1));
            LossTerms terms = loss.compute(new LossBatch(logProbs.logProbs(), behaviour(miniBatch, samples, width),
                    reference, null, logProbs.entropy(), advantages(miniBatch, samples), logProbs.mask()), totals);
            collector.backward(terms.loss());
            Accumulated part = new Accumulated();
            try (NoGradient noGradient = NoGradient.scope()) {
                part.loss = terms.loss().getFloat();
                part.negativeLogProbs = -logProbs.logProbs().sum().getFloat();
            }
            part.policyLoss = terms.policyLoss();
            part.klLoss = terms.klLoss();
            part.clipped = terms.clippedTokens();
            part.capped = terms.cappedTokens();
            return part;
        }
    }

    private static ScoringRequest request(AdvantageSample sample) {
        return new ScoringRequest(toArray(sample.getPromptTokenIds()), toArray(sample.getCompletionTokenIds()));
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static NDArray behaviour(NDManager manager, List<ReceivedSample> samples, int width) {
        float[] values = new float[samples.size() * width];
        for (int b = 0; b < samples.size(); b++) {
            List<Float> logProbs = samples.get(b).sample().getBehaviourLogprobs();
            for (int t = 0; t < logProbs.size(); t++) {
                values[b * width + t] = logProbs.get(t);
            }
        }
        return manager.create(values, new Shape(samples.size(), width));
    }

    private static NDArray advantages(NDManager manager, List<ReceivedSample> samples) {
        float[] values = new float[samples.size()];
        for (int b = 0; b < samples.size(); b++) {
            values[b] = (float) samples.get(b).sample().getAdvantage();
        }
        return manager.create(values);
    }

    /** Running sums over a step's mini-batches. */
    private static final class Accumulated {
        private double loss;
        private double policyLoss;
        private double klLoss;
        private long clipped;
        private long capped;
        private double negativeLogProbs;

        private void add(Accumulated part) {
            loss += part.loss;
            policyLoss += part.policyLoss;
            klLoss += part.klLoss;
            clipped += part.clipped;
            capped += part.capped;
            negativeLogProbs += part.negativeLogProbs;
        }
    }
}
