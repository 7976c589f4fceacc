package dev.grpo.learner.internal.loss;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.grpo.learner.LossAggregation;
import dev.grpo.learner.LossConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The GRPO loss and its gradient with respect to the policy log-probs, against values computed here in double
 * precision straight from the formulas (per token, per sequence, branch by branch), on a hand-built batch where the
 * clip is active on some tokens: three completions of lengths 4, 2 and 3, right-padded to 4.
 */
class GrpoLossTest {

    private static final int BATCH = 3;
    private static final int WIDTH = 4;
    private static final int[] LENGTHS = {4, 2, 3};
    private static final double[] ADVANTAGES = {1.0, -0.5, 0.8};
    /** log πθ − log π_behaviour per token; 0.3, 0.25 (A > 0) and −0.4 (A < 0) lie outside [log 0.8, log 1.2]. */
    private static final double[][] LOG_RATIOS = {{0.0, 0.3, -0.5, 0.1}, {-0.4, 0.5}, {0.05, -0.1, 0.25}};
    private static final double[][] BEHAVIOUR = {{-1.2, -0.7, -2.0, -0.3}, {-0.9, -1.6}, {-0.4, -1.1, -0.8}};
    private static final double[][] REFERENCE = {{-1.0, -0.9, -2.2, -0.6}, {-1.5, -1.0}, {-0.3, -1.4, -0.2}};
    /** Written into the padding, to show padding never counts. */
    private static final float PAD_LOG_PROB = -3f;
    private static final int NORM_LENGTH = 16;

    private static NDManager manager;

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }

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
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void lossAndGradientMatchTheFormula(LossConfig settings) {
        try (NDManager call = manager.newSubManager()) {
            NDArray logProbs = call.create(policyLogProbs(), new Shape(BATCH, WIDTH));
            logProbs.setRequiresGradient(true);
            LossTerms terms;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                terms = new GrpoLoss(settings).compute(batch(call, logProbs, settings), new StepTotals(9, BATCH));
                collector.backward(terms.loss());
            }
            Expected expected = expected(settings);
            assertThat(terms.loss().getFloat()).isCloseTo((float) expected.loss, within(1e-5f));
            assertThat(terms.policyLoss()).isCloseTo((float) expected.policyLoss, within(1e-5f));
            assertThat(terms.klLoss()).isCloseTo((float) (expected.loss - expected.policyLoss), within(1e-5f));
            assertThat(terms.clippedTokens()).isEqualTo(expected.flatTokens);
            float[] gradient = logProbs.getGradient().toFloatArray();
            for (int i = 0; i < BATCH * WIDTH; i++) {
                assertThat(gradient[i]).as("d loss / d log πθ at [%d, %d]", i / WIDTH, i % WIDTH)
                        .isCloseTo((float) expected.gradient[i], within(1e-6f));
            }
        }
    }

    @Test
    void clipIsActiveOnSomeTokensButNotAll() {
        Expected expected = expected(new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 0, NORM_LENGTH));
        assertThat(expected.flatTokens).isEqualTo(3);
        long zeroGradientTokens = java.util.Arrays.stream(expected.gradient).filter(g -> g == 0).count();
        assertThat(zeroGradientTokens).isEqualTo(3 + (BATCH * WIDTH - 9));
    }

    @Test
    void theRatioCapTruncatesLargeRatiosOfNegativeAdvantageTokens() {
        Expected uncapped = expected(new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 0, NORM_LENGTH));
        Expected capped = expected(new LossConfig(0.2, 0.2, 0, LossAggregation.TOKEN_MEAN, 1.5, NORM_LENGTH));
        // completion 1, token 1: ρ = e^0.5 ≈ 1.65 > C = 1.5 with A = −0.5
        assertThat(uncapped.gradient[WIDTH + 1]).isNotZero();
        assertThat(capped.gradient[WIDTH + 1]).isZero();
        assertThat(capped.flatTokens).isEqualTo(uncapped.flatTokens + 1);
    }

    @Test
    void aKlTermWithoutReferenceLogProbsIsRefused() {
        LossConfig settings = new LossConfig(0.2, 0.2, 0.001, LossAggregation.TOKEN_MEAN, 0, NORM_LENGTH);
        try (NDManager call = manager.newSubManager()) {
            NDArray logProbs = call.create(policyLogProbs(), new Shape(BATCH, WIDTH));
            LossBatch batch = batch(call, logProbs, settings);
            LossBatch withoutReference = new LossBatch(batch.logProbs(), batch.behaviourLogProbs(), null,
                    batch.advantages(), batch.mask());
            assertThatThrownBy(() -> new GrpoLoss(settings).compute(withoutReference, new StepTotals(9, BATCH)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference log-probs");
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
        assertThat(LossAggregation.fromLabel("seq-mean-token-sum-norm"))
                .isEqualTo(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM);
        assertThatThrownBy(() -> LossAggregation.fromLabel("mean")).hasMessageContaining("token-mean");
    }

    private static LossBatch batch(NDManager call, NDArray logProbs, LossConfig settings) {
        float[] behaviour = padded(BEHAVIOUR, -1f);
        float[] reference = padded(REFERENCE, 0.5f);
        float[] mask = new float[BATCH * WIDTH];
        for (int i = 0; i < BATCH; i++) {
            java.util.Arrays.fill(mask, i * WIDTH, i * WIDTH + LENGTHS[i], 1f);
        }
        float[] advantages = new float[BATCH];
        for (int i = 0; i < BATCH; i++) {
            advantages[i] = (float) ADVANTAGES[i];
        }
        Shape shape = new Shape(BATCH, WIDTH);
        return new LossBatch(logProbs, call.create(behaviour, shape),
                settings.usesReference() ? call.create(reference, shape) : null, call.create(advantages),
                call.create(mask, shape));
    }

    private static float[] policyLogProbs() {
        float[] values = new float[BATCH * WIDTH];
        java.util.Arrays.fill(values, PAD_LOG_PROB);
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < LENGTHS[i]; t++) {
                values[i * WIDTH + t] = (float) (BEHAVIOUR[i][t] + LOG_RATIOS[i][t]);
            }
        }
        return values;
    }

    private static float[] padded(double[][] rows, float pad) {
        float[] values = new float[BATCH * WIDTH];
        java.util.Arrays.fill(values, pad);
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < rows[i].length; t++) {
                values[i * WIDTH + t] = (float) rows[i][t];
            }
        }
        return values;
    }

    private record Expected(double loss, double policyLoss, double[] gradient, long flatTokens) {
    }

    /** The objective written out token by token, in doubles, from the float32 inputs the loss sees. */
    private static Expected expected(LossConfig s) {
        float[] policy = policyLogProbs();
        int tokens = 0;
        for (int length : LENGTHS) {
            tokens += length;
        }
        double loss = 0;
        double policyLoss = 0;
        double[] gradient = new double[BATCH * WIDTH];
        long flat = 0;
        for (int i = 0; i < BATCH; i++) {
            double a = (float) ADVANTAGES[i];
            double weight = switch (s.aggregation()) {
                case TOKEN_MEAN -> 1.0 / tokens;
                case SEQ_MEAN_TOKEN_MEAN -> 1.0 / LENGTHS[i] / BATCH;
                case SEQ_MEAN_TOKEN_SUM_NORM -> 1.0 / NORM_LENGTH / BATCH;
            };
            for (int t = 0; t < LENGTHS[i]; t++) {
                double logPolicy = policy[i * WIDTH + t];
                double rho = Math.exp(logPolicy - (float) BEHAVIOUR[i][t]);
                double truncated = s.ratioCap() > 0 ? Math.min(rho, s.ratioCap()) : rho;
                double clipped = Math.max(1 - s.clipLow(), Math.min(1 + s.clipHigh(), rho));
                double unclippedTerm = truncated * a;
                double clippedTerm = clipped * a;
                double surrogate = Math.min(unclippedTerm, clippedTerm);
                // d surrogate / d log πθ: ρ·A through whichever branch is the minimum, unless that branch is flat.
                boolean unclippedBranch = unclippedTerm <= clippedTerm;
                boolean branchFlat = unclippedBranch ? truncated != rho : clipped != rho;
                double dSurrogate = branchFlat ? 0 : rho * a;
                if (branchFlat) {
                    flat++;
                }
                double logRefOverPolicy = (float) REFERENCE[i][t] - logPolicy;
                double k3 = Math.exp(logRefOverPolicy) - logRefOverPolicy - 1;
                double dK3 = 1 - Math.exp(logRefOverPolicy);
                double tokenPolicyLoss = -surrogate;
                double tokenLoss = tokenPolicyLoss + s.klCoefficient() * k3;
                loss += weight * tokenLoss;
                policyLoss += weight * tokenPolicyLoss;
                gradient[i * WIDTH + t] = weight * (-dSurrogate + s.klCoefficient() * dK3);
            }
        }
        return new Expected(loss, policyLoss, gradient, flat);
    }
}
