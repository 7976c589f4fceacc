package dev.grpo.learner.internal.loss;

import dev.grpo.learner.KlEstimator;
import dev.grpo.learner.LossAggregation;
import dev.grpo.learner.LossConfig;
import dev.grpo.learner.PolicyLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.grpo.learner.internal.loss.HandBuiltBatch.BATCH;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.LENGTHS;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.NORM_LENGTH;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.WIDTH;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.advantage;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.behaviour;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * GSPO against its formula on {@link HandBuiltBatch}: every token of completion i carries the sequence ratio
 * {@code s_i = exp(mean_t(log π_θ − log π_behaviour))} (≈ 0.975, 1.051 and 1.069 here), clipped and truncated like
 * GRPO's, with gradient {@code s_i·A_i} per token through the unclipped branch.
 */
class SequenceRatioTest extends LossEngine {

    static Stream<Arguments> settings() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (LossAggregation mode : LossAggregation.values()) {
            all.add(Arguments.of(gspo(0.2, 0.2, 0, mode)));
            all.add(Arguments.of(gspo(0.03, 0.04, 0, mode)));
            all.add(Arguments.of(gspo(0.03, 0.04, 1.05, mode)));
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void lossAndGradientMatchTheFormula(LossConfig settings) {
        HandBuiltBatch.assertMatches(HandBuiltBatch.compute(manager, settings, false),
                HandBuiltBatch.expected(settings, (i, t) -> {
                    double s = sequenceRatio(i);
                    return HandBuiltBatch.clipped(settings, s, advantage(i), s, settings.ratioCap());
                }));
    }

    /**
     * With seq-mean-token-mean the token form has the gradient of the paper's sequence objective
     * {@code J = (1/G)·Σ_i min(s_i·A_i, clip(s_i)·A_i)}, where {@code ∂s_i/∂log π_θ(t) = s_i/|y_i|}.
     */
    @Test
    void itsGradientIsThatOfTheSequenceObjective() {
        LossConfig settings = gspo(0.03, 0.04, 0, LossAggregation.SEQ_MEAN_TOKEN_MEAN);
        float[] gradient = HandBuiltBatch.compute(manager, settings, false).gradient();
        for (int i = 0; i < BATCH; i++) {
            double s = sequenceRatio(i);
            double a = advantage(i);
            double clipped = Math.max(1 - settings.clipLow(), Math.min(1 + settings.clipHigh(), s));
            double dObjective = s * a <= clipped * a ? a * s / LENGTHS[i] : 0;
            for (int t = 0; t < LENGTHS[i]; t++) {
                assertThat(gradient[i * WIDTH + t]).isCloseTo((float) (-dObjective / BATCH), within(1e-6f));
            }
        }
        // completion 2: s ≈ 1.069 > 1.04 with A > 0 is clipped; completion 1: s ≈ 1.051 with A < 0 is not
        assertThat(gradient[2 * WIDTH]).isZero();
        assertThat(gradient[WIDTH]).isNotZero();
    }

    private static double sequenceRatio(int i) {
        double sum = 0;
        for (int t = 0; t < LENGTHS[i]; t++) {
            sum += policy(i, t) - behaviour(i, t);
        }
        return Math.exp(sum / LENGTHS[i]);
    }

    private static LossConfig gspo(double low, double high, double cap, LossAggregation mode) {
        return new LossConfig(low, high, 0, mode, cap, NORM_LENGTH, PolicyLoss.GSPO, KlEstimator.K3, 0);
    }
}
