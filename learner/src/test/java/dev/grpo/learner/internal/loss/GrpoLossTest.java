package dev.grpo.learner.internal.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.grpo.learner.KlEstimator;
import dev.grpo.learner.LossAggregation;
import dev.grpo.learner.LossConfig;
import dev.grpo.learner.PolicyLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static dev.grpo.learner.internal.loss.HandBuiltBatch.BATCH;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.NORM_LENGTH;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.TOKENS;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The GRPO loss (the clipped ratio to the behaviour policy), its KL estimators and its entropy bonus, with the
 * gradient with respect to the policy log-probs, against values computed in double precision straight from the
 * formulas (per token, per sequence, branch by branch) on {@link HandBuiltBatch}, where the clip is active on some
 * tokens.
 */
class GrpoLossTest extends LossEngine {

    static Stream<Arguments> settings() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (LossAggregation mode : LossAggregation.values()) {
            for (double beta : new double[] {0.0, 0.04}) {
                for (double cap : new double[] {0.0, 1.5}) {
                    all.add(Arguments.of(new LossConfig(0.2, 0.2, beta, mode, cap, NORM_LENGTH)));
                }
            }
        }
        all.add(Arguments.of(new LossConfig(0.2, 0.28, 0.001, LossAggregation.TOKEN_MEAN, 0, NORM_LENGTH)));
        for (KlEstimator estimator : KlEstimator.values()) {
            all.add(Arguments.of(grpo(0.04, estimator, 0, LossAggregation.SEQ_MEAN_TOKEN_MEAN)));
        }
        all.add(Arguments.of(grpo(0.04, KlEstimator.K3, 0.01, LossAggregation.TOKEN_MEAN)));
        all.add(Arguments.of(grpo(0, KlEstimator.K1, 0.5, LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM)));
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void lossAndGradientMatchTheFormula(LossConfig settings) {
        HandBuiltBatch.assertMatches(HandBuiltBatch.compute(manager, settings, false), expected(settings));
    }

    @Test
    void theSixArgumentSettingsAreTodaysObjective() {
        LossConfig today = new LossConfig(0.2, 0.2, 0.001, LossAggregation.TOKEN_MEAN, 0, NORM_LENGTH);
        assertThat(today.policyLoss()).isEqualTo(PolicyLoss.GRPO);
        assertThat(today.klEstimator()).isEqualTo(KlEstimator.K3);
        assertThat(today.entropyCoefficient()).isZero();
    }

    @Test
    void clipIsActiveOnSomeTokensButNotAll() {
        HandBuiltBatch.Expected expected = expected(grpo(0, KlEstimator.K3, 0, LossAggregation.TOKEN_MEAN));
        assertThat(expected.flatTokens()).isEqualTo(3);
        long zeroGradientTokens = Arrays.stream(expected.gradient()).filter(g -> g == 0).count();
        assertThat(zeroGradientTokens).isEqualTo(3 + (BATCH * WIDTH - TOKENS));
    }

    @Test
    void theRatioCapTruncatesLargeRatiosOfNegativeAdvantageTokens() {
        HandBuiltBatch.Expected uncapped = expected(new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 0,
                NORM_LENGTH));
        HandBuiltBatch.Expected capped = expected(new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 1.5,
                NORM_LENGTH));
        // completion 1, token 1: ρ = e^0.5 ≈ 1.65 > C = 1.5 with A = −0.5
        assertThat(uncapped.gradient()[WIDTH + 1]).isNotZero();
        assertThat(capped.gradient()[WIDTH + 1]).isZero();
        assertThat(capped.flatTokens()).isEqualTo(uncapped.flatTokens() + 1);
    }

    /** The three estimators differ, so a test that mixed them up would fail; k1 alone can go negative. */
    @Test
    void theKlEstimatorsGiveTheirOwnValues() {
        double k1 = expected(grpo(1, KlEstimator.K1, 0, LossAggregation.TOKEN_MEAN)).klLoss();
        double k2 = expected(grpo(1, KlEstimator.K2, 0, LossAggregation.TOKEN_MEAN)).klLoss();
        double k3 = expected(grpo(1, KlEstimator.K3, 0, LossAggregation.TOKEN_MEAN)).klLoss();
        assertThat(k1).isNotCloseTo(k2, within(1e-3));
        assertThat(k2).isNotCloseTo(k3, within(1e-3));
        assertThat(k2).isPositive();
        assertThat(k3).isPositive();
    }

    /** Minimising the loss raises the entropy: the loss falls as H rises, by η times H's aggregation weight. */
    @Test
    void theEntropyBonusRewardsHigherEntropy() {
        LossConfig settings = grpo(0, KlEstimator.K3, 0.1, LossAggregation.TOKEN_MEAN);
        HandBuiltBatch.Computed computed = HandBuiltBatch.compute(manager, settings, false);
        assertThat(computed.terms().entropyLoss()).isNegative();
        assertThat(computed.entropyGradient()[0]).isNegative();
        assertThat(computed.entropyGradient()[WIDTH + 2]).as("padding").isZero();
    }

    @Test
    void aKlTermWithoutReferenceLogProbsIsRefused() {
        LossConfig settings = new LossConfig(0.2, 0.2, 0.001, LossAggregation.TOKEN_MEAN, 0, NORM_LENGTH);
        try (NDManager call = manager.newSubManager()) {
            NDArray logProbs = call.create(HandBuiltBatch.policyLogProbs(), new Shape(BATCH, WIDTH));
            LossBatch withoutReference = HandBuiltBatch.batch(call, logProbs, false, false, null);
            assertThatThrownBy(() -> new GrpoLoss(settings).compute(withoutReference, new StepTotals(TOKENS, BATCH)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference log-probs");
        }
    }

    @Test
    void anEntropyBonusWithoutTheEntropyIsRefused() {
        LossConfig settings = grpo(0, KlEstimator.K3, 0.01, LossAggregation.TOKEN_MEAN);
        try (NDManager call = manager.newSubManager()) {
            NDArray logProbs = call.create(HandBuiltBatch.policyLogProbs(), new Shape(BATCH, WIDTH));
            LossBatch withoutEntropy = HandBuiltBatch.batch(call, logProbs, false, false, null);
            assertThatThrownBy(() -> new GrpoLoss(settings).compute(withoutEntropy, new StepTotals(TOKENS, BATCH)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entropy");
        }
    }

    @Test
    void settingsOutsideTheirRangesAreRefused() {
        assertThatThrownBy(() -> new LossConfig(1.0, 0.2, 0, LossAggregation.TOKEN_MEAN, 0, 1))
                .hasMessageContaining("ε_low");
        assertThatThrownBy(() -> new LossConfig(0.2, 0.2, -1, LossAggregation.TOKEN_MEAN, 0, 1))
                .hasMessageContaining("KL coefficient");
        assertThatThrownBy(() -> new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 1.1, 1))
                .hasMessageContaining("ratio cap");
        assertThatThrownBy(() -> new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 0, 1, PolicyLoss.GRPO,
                KlEstimator.K3, -0.1)).hasMessageContaining("entropy coefficient");
        assertThatThrownBy(() -> new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 0, 1, null,
                KlEstimator.K3, 0)).hasMessageContaining("policy loss");
        assertThat(LossAggregation.fromLabel("seq-mean-token-sum-norm"))
                .isEqualTo(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM);
        assertThatThrownBy(() -> LossAggregation.fromLabel("mean")).hasMessageContaining("token-mean");
    }

    @ParameterizedTest
    @EnumSource(PolicyLoss.class)
    void everyPolicyLossIsNamedByItsLabel(PolicyLoss loss) {
        assertThat(PolicyLoss.fromLabel(loss.label())).isEqualTo(loss);
    }

    @Test
    void unknownLabelsAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> PolicyLoss.fromLabel("ppo"))
                .hasMessage("unknown policy loss 'ppo': use grpo, decoupled-ppo, gspo, cispo");
        assertThatThrownBy(() -> KlEstimator.fromLabel("k4"))
                .hasMessage("unknown KL estimator 'k4': use k1, k2, k3");
        assertThat(KlEstimator.fromLabel("k2")).isEqualTo(KlEstimator.K2);
    }

    private static LossConfig grpo(double beta, KlEstimator estimator, double entropy, LossAggregation mode) {
        return new LossConfig(0.2, 0.2, beta, mode, 0, NORM_LENGTH, PolicyLoss.GRPO, estimator, entropy);
    }

    /** GRPO per token: ρ = exp(log πθ − log π_behaviour), clipped and truncated; dρ/d log πθ = ρ. */
    private static HandBuiltBatch.Expected expected(LossConfig s) {
        return HandBuiltBatch.expected(s, (i, t) -> {
            double rho = Math.exp(HandBuiltBatch.policy(i, t) - HandBuiltBatch.behaviour(i, t));
            return HandBuiltBatch.clipped(s, rho, HandBuiltBatch.advantage(i), rho, s.ratioCap());
        });
    }
}
