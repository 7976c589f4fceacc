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

import static dev.grpo.learner.internal.loss.HandBuiltBatch.NORM_LENGTH;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.WIDTH;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.advantage;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.behaviour;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.policy;
import static dev.grpo.learner.internal.loss.HandBuiltBatch.proximal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AReaL's decoupled PPO objective against its formula, {@code w·min(r·A, clip(r)·A)} with {@code r = π_θ/π_prox}
 * and {@code w = π_prox/π_behaviour} (0 above the cap), on {@link HandBuiltBatch}: with given proximal log-probs
 * (clip and cap active on some tokens) and with the learner's own, π_θ before the update.
 */
class DecoupledRatioTest extends LossEngine {

    static Stream<Arguments> settings() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (LossAggregation mode : LossAggregation.values()) {
            for (double cap : new double[] {0.0, 1.5}) {
                all.add(Arguments.of(decoupled(mode, cap, 0.0)));
            }
        }
        all.add(Arguments.of(decoupled(LossAggregation.TOKEN_MEAN, 2.0, 0.04)));
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void withProximalLogProbsTheLossAndGradientMatchTheFormula(LossConfig settings) {
        HandBuiltBatch.assertMatches(HandBuiltBatch.compute(manager, settings, true),
                HandBuiltBatch.expected(settings, (i, t) -> withProximal(settings, i, t)));
    }

    /** Without proximal log-probs r = 1 in value: the objective is w·A and the gradient w·A·∇log π_θ. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void withTheLearnersOwnProximalPolicyTheGradientIsTheWeightedPolicyGradient(LossConfig settings) {
        HandBuiltBatch.assertMatches(HandBuiltBatch.compute(manager, settings, false),
                HandBuiltBatch.expected(settings, (i, t) -> {
                    double weight = Math.exp(policy(i, t) - behaviour(i, t));
                    boolean dropped = settings.ratioCap() > 0 && weight > settings.ratioCap();
                    double kept = dropped ? 0 : weight;
                    return new HandBuiltBatch.TokenTerm(kept * advantage(i), kept * advantage(i), dropped, dropped);
                }));
    }

    @Test
    void theClipAndTheCapAreActiveOnSomeTokensButNotAll() {
        LossConfig settings = decoupled(LossAggregation.TOKEN_MEAN, 1.5, 0);
        HandBuiltBatch.Expected expected = HandBuiltBatch.expected(settings, (i, t) -> withProximal(settings, i, t));
        assertThat(expected.cappedTokens()).isEqualTo(2);
        assertThat(expected.flatTokens()).isEqualTo(5);
        // completion 0, token 3: w = e^0.5 > 1.5, dropped though its ratio to π_prox lies inside the clip range
        assertThat(expected.gradient()[3]).isZero();
        // completion 1, token 1: r = e^0.3 above the clip with A < 0 still has a gradient
        assertThat(expected.gradient()[WIDTH + 1]).isNotZero();
    }

    /** With π_prox = π_behaviour the weight is 1 and the objective is GRPO's without a cap. */
    @Test
    void aProximalPolicyEqualToTheBehaviourIsGrpo() {
        LossConfig settings = decoupled(LossAggregation.TOKEN_MEAN, 0, 0);
        HandBuiltBatch.Expected grpo = HandBuiltBatch.expected(settings, (i, t) -> {
            double rho = Math.exp(policy(i, t) - behaviour(i, t));
            return HandBuiltBatch.clipped(settings, rho, advantage(i), rho, 0);
        });
        HandBuiltBatch.Expected decoupled = HandBuiltBatch.expected(settings,
                (i, t) -> term(settings, i, t, behaviour(i, t)));
        assertThat(decoupled.loss()).isEqualTo(grpo.loss());
        assertThat(decoupled.gradient()).containsExactly(grpo.gradient());
    }

    private static HandBuiltBatch.TokenTerm withProximal(LossConfig s, int i, int t) {
        return term(s, i, t, proximal(i, t));
    }

    /** r = exp(log π_θ − log π_prox) clipped without a cap (dr/d log π_θ = r), times w = exp(log π_prox − log π_b). */
    private static HandBuiltBatch.TokenTerm term(LossConfig s, int i, int t, double logProximal) {
        double r = Math.exp(policy(i, t) - logProximal);
        double weight = Math.exp(logProximal - behaviour(i, t));
        boolean dropped = s.ratioCap() > 0 && weight > s.ratioCap();
        double kept = dropped ? 0 : weight;
        HandBuiltBatch.TokenTerm clipped = HandBuiltBatch.clipped(s, r, advantage(i), r, 0);
        return new HandBuiltBatch.TokenTerm(kept * clipped.value(), kept * clipped.derivative(),
                clipped.flat() || dropped, dropped);
    }

    private static LossConfig decoupled(LossAggregation mode, double cap, double beta) {
        return new LossConfig(0.2, 0.2, beta, mode, cap, NORM_LENGTH, PolicyLoss.DECOUPLED_PPO, KlEstimator.K3, 0);
    }
}
