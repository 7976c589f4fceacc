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
 * CISPO against its formula on {@link HandBuiltBatch}: value {@code ŵ·A} and gradient {@code ŵ·A} per token with
 * {@code ŵ = clip(π_θ/π_behaviour, 1 − ε_low, 1 + ε_high)} held constant, so no token loses its gradient.
 */
class ClippedWeightTest extends LossEngine {

    static Stream<Arguments> settings() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (LossAggregation mode : LossAggregation.values()) {
            all.add(Arguments.of(cispo(0.2, 0.2, mode, 0, 0.04)));
        }
        all.add(Arguments.of(cispo(0.2, 0.28, LossAggregation.TOKEN_MEAN, 2.0, 0.04)));
        all.add(Arguments.of(cispo(0.9, 0.1, LossAggregation.TOKEN_MEAN, 0, 0)));
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void lossAndGradientMatchTheFormula(LossConfig settings) {
        HandBuiltBatch.assertMatches(HandBuiltBatch.compute(manager, settings, false),
                HandBuiltBatch.expected(settings, (i, t) -> {
                    double rho = Math.exp(policy(i, t) - behaviour(i, t));
                    double weight = Math.max(1 - settings.clipLow(), Math.min(1 + settings.clipHigh(), rho));
                    return new HandBuiltBatch.TokenTerm(weight * advantage(i), weight * advantage(i), false, false);
                }));
    }

    /** The three tokens GRPO's clip silences (see GrpoLossTest) keep a gradient, with the clipped weight. */
    @Test
    void everyTokenKeepsItsGradient() {
        float[] gradient = HandBuiltBatch.compute(manager, cispo(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 0), false)
                .gradient();
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < LENGTHS[i]; t++) {
                assertThat(gradient[i * WIDTH + t]).as("token [%d, %d]", i, t).isNotZero();
            }
        }
        // completion 0, token 1: ρ = e^0.3 is clipped to 1.2 with A = 1, and minimising pushes log π_θ up
        assertThat(gradient[1]).isCloseTo((float) (-1.2 / 9), within(1e-6f));
    }

    private static LossConfig cispo(double low, double high, LossAggregation mode, double cap, double beta) {
        return new LossConfig(low, high, beta, mode, cap, NORM_LENGTH, PolicyLoss.CISPO, KlEstimator.K2, 0);
    }
}
