package dev.grpo.learner;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.grpo.learner.internal.batch.ReceivedSample;
import dev.grpo.learner.internal.batch.ShuffleRandom;
import dev.grpo.learner.internal.batch.TrainingGroup;
import dev.grpo.learner.internal.loss.GrpoLoss;
import dev.grpo.policy.AdamW;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.OptimizerConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One GRPO step moves the policy towards the better completion of a group and away from the worse one. */
class StepTrainerTest {

    private static final int[] PROMPT = {3, 4, 5};
    private static final int[] BETTER = {7, 8, 9};
    private static final int[] WORSE = {10, 11, 12};
    private static final List<ScoringRequest> REQUESTS =
            List.of(new ScoringRequest(PROMPT, BETTER), new ScoringRequest(PROMPT, WORSE));

    @Test
    void oneStepRaisesTheBetterCompletionAndLowersTheWorse() {
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(16), 7, Device.cpu())) {
            CompletionScorer scorer = new CompletionScorer(model, 0);
            float[][] before = scorer.logProbArrays(REQUESTS, 1f);
            // behaviour log-probs are the current policy's own, so ρ = 1 on every token; β = 0
            List<ReceivedSample> members = List.of(
                    Samples.received(Samples.sample("g", 0, 2, PROMPT, BETTER, before[0], 1.0, 0), 0),
                    Samples.received(Samples.sample("g", 1, 2, PROMPT, WORSE, before[1], -1.0, 0), 1));
            GrpoLoss loss = new GrpoLoss(new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 0, 16));
            StepTrainer trainer = new StepTrainer(model, null, new AdamW(model, OptimizerConfig.constant(1e-3f)),
                    loss, 0, 0);

            StepOutcome outcome = trainer.train(new ArrayList<>(List.of(new TrainingGroup("g", members))),
                    new ShuffleRandom(1));

            float[][] after = scorer.logProbArrays(REQUESTS, 1f);
            assertThat(sum(after[0])).isGreaterThan(sum(before[0]));
            assertThat(sum(after[1])).isLessThan(sum(before[1]));
            assertThat(outcome.clipFraction()).isZero();
            assertThat(outcome.klLoss()).isZero();
            assertThat(outcome.tokens()).isEqualTo(6);
            assertThat(outcome.gradientNorm()).isPositive();
        }
    }

    @Test
    void gradientAccumulationOverMiniBatchesEqualsOneBigBatch() {
        float[][] whole = trainTwoGroups(0);
        float[][] accumulated = trainTwoGroups(1);
        for (int i = 0; i < whole.length; i++) {
            for (int t = 0; t < whole[i].length; t++) {
                assertThat(accumulated[i][t]).isCloseTo(whole[i][t], org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    /**
     * The learner's proximal policy is the policy before the step's one update, so on data the current policy
     * generated (π_behaviour = π_θ, weight 1) decoupled PPO takes GRPO's step.
     */
    @Test
    void decoupledPpoOnOnPolicyDataStepsLikeGrpo() {
        float[][] grpo = trainOnOwnSamples(PolicyLoss.GRPO, 0);
        float[][] decoupled = trainOnOwnSamples(PolicyLoss.DECOUPLED_PPO, 0);
        for (int i = 0; i < grpo.length; i++) {
            for (int t = 0; t < grpo[i].length; t++) {
                assertThat(decoupled[i][t]).isCloseTo(grpo[i][t], org.assertj.core.api.Assertions.within(1e-6f));
            }
        }
    }

    /** With advantages of 0 the policy gradient vanishes and the entropy bonus alone spreads the distribution. */
    @Test
    void anEntropyBonusAloneRaisesThePolicysEntropy() {
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(16), 7, Device.cpu())) {
            double before = entropy(model);
            train(model, PolicyLoss.GRPO, 1.0, 0.0);
            assertThat(entropy(model)).isGreaterThan(before);
        }
    }

    private static float[][] trainOnOwnSamples(PolicyLoss policyLoss, double entropyCoefficient) {
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(16), 7, Device.cpu())) {
            train(model, policyLoss, entropyCoefficient, 1.0);
            return new CompletionScorer(model, 0).logProbArrays(REQUESTS, 1f);
        }
    }

    /** One step on the two requests, scored by the model itself, with advantages ±advantage. */
    private static void train(PolicyModel model, PolicyLoss policyLoss, double entropyCoefficient, double advantage) {
        float[][] own = new CompletionScorer(model, 0).logProbArrays(REQUESTS, 1f);
        List<ReceivedSample> members = List.of(
                Samples.received(Samples.sample("g", 0, 2, PROMPT, BETTER, own[0], advantage, 0), 0),
                Samples.received(Samples.sample("g", 1, 2, PROMPT, WORSE, own[1], -advantage, 0), 1));
        GrpoLoss loss = new GrpoLoss(new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 0, 16, policyLoss,
                KlEstimator.K3, entropyCoefficient));
        new StepTrainer(model, null, new AdamW(model, OptimizerConfig.constant(1e-5f)), loss, 0, 0)
                .train(new ArrayList<>(List.of(new TrainingGroup("g", members))), new ShuffleRandom(1));
    }

    private static double entropy(PolicyModel model) {
        try (NDManager call = model.manager().newSubManager()) {
            return new CompletionScorer(model, 0).logProbs(call, REQUESTS, 1f, true).entropy().sum().getFloat();
        }
    }

    private static float[][] trainTwoGroups(int groupsPerMiniBatch) {
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(16), 7, Device.cpu())) {
            List<ReceivedSample> first = List.of(
                    Samples.received(Samples.sample("a", 0, 2, PROMPT, BETTER, Samples.uniformLogProbs(3), 1.0, 0), 0),
                    Samples.received(Samples.sample("a", 1, 2, PROMPT, WORSE, Samples.uniformLogProbs(3), -1.0, 0), 1));
            int[] longer = {9, 9, 8, 7, 6};
            List<ReceivedSample> second = List.of(
                    Samples.received(Samples.sample("b", 0, 2, WORSE, longer, Samples.uniformLogProbs(5), 0.5, 0), 2),
                    Samples.received(Samples.sample("b", 1, 2, WORSE, BETTER, Samples.uniformLogProbs(3), -0.5, 0), 3));
            GrpoLoss loss = new GrpoLoss(new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 0, 16));
            StepTrainer trainer = new StepTrainer(model, null, new AdamW(model, OptimizerConfig.constant(1e-3f)),
                    loss, 0, groupsPerMiniBatch);
            trainer.train(new ArrayList<>(List.of(new TrainingGroup("a", first), new TrainingGroup("b", second))),
                    new ShuffleRandom(3));
            return new CompletionScorer(model, 0).logProbArrays(REQUESTS, 1f);
        }
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float value : values) {
            total += value;
        }
        return total;
    }
}
