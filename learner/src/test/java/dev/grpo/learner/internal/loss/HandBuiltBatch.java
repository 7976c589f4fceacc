package dev.grpo.learner.internal.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.grpo.learner.LossAggregation;
import dev.grpo.learner.LossConfig;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The loss tests' hand-built mini-batch, and the objective written out token by token in double precision from the
 * float32 inputs the loss sees: three completions of lengths 4, 2 and 3, right-padded to 4, with per-token policy,
 * behaviour, proximal, reference log-probs and entropies chosen so that clips and caps are active on some tokens.
 */
final class HandBuiltBatch {

    static final int BATCH = 3;
    static final int WIDTH = 4;
    static final int TOKENS = 9;
    static final int NORM_LENGTH = 16;
    static final int[] LENGTHS = {4, 2, 3};
    static final double[] ADVANTAGES = {1.0, -0.5, 0.8};
    /** log πθ − log π_behaviour per token; 0.3, 0.25 (A > 0) and −0.4 (A < 0) lie outside [log 0.8, log 1.2]. */
    static final double[][] LOG_RATIOS = {{0.0, 0.3, -0.5, 0.1}, {-0.4, 0.5}, {0.05, -0.1, 0.25}};
    static final double[][] BEHAVIOUR = {{-1.2, -0.7, -2.0, -0.3}, {-0.9, -1.6}, {-0.4, -1.1, -0.8}};
    static final double[][] REFERENCE = {{-1.0, -0.9, -2.2, -0.6}, {-1.5, -1.0}, {-0.3, -1.4, -0.2}};
    /**
     * log π_prox − log π_behaviour per token: 0.5 and 0.45 put the behaviour weight above a cap of 1.5, and the
     * ratios to the proximal policy fall outside [0.8, 1.2] on four tokens.
     */
    static final double[][] PROXIMAL_OFFSETS = {{0.1, 0.0, -0.1, 0.5}, {-0.1, 0.2}, {0.45, 0.0, 0.0}};
    static final double[][] ENTROPY = {{1.2, 0.8, 2.0, 0.5}, {0.3, 1.1}, {0.9, 1.4, 0.7}};
    /** Written into the padding, to show padding never counts. */
    private static final float PAD_LOG_PROB = -3f;

    private HandBuiltBatch() {
    }

    /** A surrogate's value at one token and its derivative with respect to that token's log πθ. */
    record TokenTerm(double value, double derivative, boolean flat, boolean capped) {
    }

    /** The surrogate under test, token by token. */
    interface TokenFormula {
        TokenTerm at(int completion, int token);
    }

    /** What the formulas give for the whole batch. */
    record Expected(double loss, double policyLoss, double klLoss, double entropyLoss, double[] gradient,
                    double[] entropyGradient, long flatTokens, long cappedTokens) {
    }

    /** What {@link GrpoLoss} computed, with the gradients of its loss. */
    record Computed(LossTerms terms, float loss, float[] gradient, float[] entropyGradient) {
    }

    /** @return log πθ of token t of completion i, as the float32 the loss sees */
    static double policy(int i, int t) {
        return (float) (BEHAVIOUR[i][t] + LOG_RATIOS[i][t]);
    }

    static double behaviour(int i, int t) {
        return (float) BEHAVIOUR[i][t];
    }

    static double proximal(int i, int t) {
        return (float) (BEHAVIOUR[i][t] + PROXIMAL_OFFSETS[i][t]);
    }

    static double advantage(int i) {
        return (float) ADVANTAGES[i];
    }

    /** @return the aggregation weight of each token of completion i */
    static double weight(LossAggregation mode, int i) {
        return switch (mode) {
            case TOKEN_MEAN -> 1.0 / TOKENS;
            case SEQ_MEAN_TOKEN_MEAN -> 1.0 / LENGTHS[i] / BATCH;
            case SEQ_MEAN_TOKEN_SUM_NORM -> 1.0 / NORM_LENGTH / BATCH;
        };
    }

    /**
     * PPO's clipped objective {@code min(min(ρ, C)·A, clip(ρ)·A)} at one token, its derivative through whichever
     * branch is the minimum (0 where that branch is flat in ρ).
     *
     * @param rho the ratio
     * @param dRho the derivative of ρ with respect to the token's log πθ
     * @param cap C, or 0 for none
     */
    static TokenTerm clipped(LossConfig s, double rho, double a, double dRho, double cap) {
        double truncated = cap > 0 ? Math.min(rho, cap) : rho;
        double clipped = Math.max(1 - s.clipLow(), Math.min(1 + s.clipHigh(), rho));
        double unclippedTerm = truncated * a;
        double clippedTerm = clipped * a;
        boolean unclippedBranch = unclippedTerm <= clippedTerm;
        boolean branchFlat = unclippedBranch ? truncated != rho : clipped != rho;
        return new TokenTerm(Math.min(unclippedTerm, clippedTerm), branchFlat ? 0 : dRho * a, branchFlat,
                cap > 0 && rho > cap);
    }

    /** The whole loss from a surrogate's token formula, with the KL term and entropy bonus of {@code s}. */
    static Expected expected(LossConfig s, TokenFormula surrogate) {
        double loss = 0;
        double policyLoss = 0;
        double klLoss = 0;
        double entropyLoss = 0;
        double[] gradient = new double[BATCH * WIDTH];
        double[] entropyGradient = new double[BATCH * WIDTH];
        long flat = 0;
        long capped = 0;
        for (int i = 0; i < BATCH; i++) {
            double weight = weight(s.aggregation(), i);
            for (int t = 0; t < LENGTHS[i]; t++) {
                TokenTerm term = surrogate.at(i, t);
                flat += term.flat() ? 1 : 0;
                capped += term.capped() ? 1 : 0;
                double logR = (float) REFERENCE[i][t] - policy(i, t);
                double kl = switch (s.klEstimator()) {
                    case K1 -> -logR;
                    case K2 -> logR * logR / 2;
                    case K3 -> Math.exp(logR) - 1 - logR;
                };
                double dKl = switch (s.klEstimator()) {
                    case K1 -> 1;
                    case K2 -> -logR;
                    case K3 -> 1 - Math.exp(logR);
                };
                double entropy = (float) ENTROPY[i][t];
                policyLoss += weight * -term.value();
                klLoss += weight * s.klCoefficient() * kl;
                entropyLoss += weight * -s.entropyCoefficient() * entropy;
                gradient[i * WIDTH + t] = weight * (-term.derivative() + s.klCoefficient() * dKl);
                entropyGradient[i * WIDTH + t] = weight * -s.entropyCoefficient();
            }
        }
        loss = policyLoss + klLoss + entropyLoss;
        return new Expected(loss, policyLoss, klLoss, entropyLoss, gradient, entropyGradient, flat, capped);
    }

    /**
     * Runs the loss on the batch and its backward pass.
     *
     * @param withProximal whether the batch carries {@link #PROXIMAL_OFFSETS}' proximal log-probs
     */
    static Computed compute(NDManager manager, LossConfig s, boolean withProximal) {
        try (NDManager call = manager.newSubManager()) {
            Shape shape = new Shape(BATCH, WIDTH);
            NDArray logProbs = call.create(policyLogProbs(), shape);
            logProbs.setRequiresGradient(true);
            NDArray entropy = call.create(padded(ENTROPY, 5f), shape);
            entropy.setRequiresGradient(true);
            LossTerms terms;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                terms = new GrpoLoss(s).compute(batch(call, logProbs, s.usesReference(), withProximal,
                        s.usesEntropy() ? entropy : null), new StepTotals(TOKENS, BATCH));
                collector.backward(terms.loss());
            }
            float[] entropyGradient = s.usesEntropy() ? entropy.getGradient().toFloatArray()
                    : new float[BATCH * WIDTH];
            return new Computed(terms, terms.loss().getFloat(), logProbs.getGradient().toFloatArray(),
                    entropyGradient);
        }
    }

    /** Asserts every number of the computed loss against the formulas. */
    static void assertMatches(Computed actual, Expected expected) {
        assertThat(actual.loss()).isCloseTo((float) expected.loss(), within(1e-5f));
        assertThat(actual.terms().policyLoss()).isCloseTo((float) expected.policyLoss(), within(1e-5f));
        assertThat(actual.terms().klLoss()).isCloseTo((float) expected.klLoss(), within(1e-5f));
        assertThat(actual.terms().entropyLoss()).isCloseTo((float) expected.entropyLoss(), within(1e-5f));
        assertThat(actual.terms().clippedTokens()).isEqualTo(expected.flatTokens());
        assertThat(actual.terms().cappedTokens()).isEqualTo(expected.cappedTokens());
        for (int i = 0; i < BATCH * WIDTH; i++) {
            assertThat(actual.gradient()[i]).as("d loss / d log πθ at [%d, %d]", i / WIDTH, i % WIDTH)
                    .isCloseTo((float) expected.gradient()[i], within(1e-6f));
            assertThat(actual.entropyGradient()[i]).as("d loss / d H at [%d, %d]", i / WIDTH, i % WIDTH)
                    .isCloseTo((float) expected.entropyGradient()[i], within(1e-6f));
        }
    }

    static LossBatch batch(NDManager call, NDArray logProbs, boolean withReference, boolean withProximal,
                           NDArray entropy) {
        float[] mask = new float[BATCH * WIDTH];
        float[] proximal = new float[BATCH * WIDTH];
        Arrays.fill(proximal, 0.25f);
        for (int i = 0; i < BATCH; i++) {
            Arrays.fill(mask, i * WIDTH, i * WIDTH + LENGTHS[i], 1f);
            for (int t = 0; t < LENGTHS[i]; t++) {
                proximal[i * WIDTH + t] = (float) proximal(i, t);
            }
        }
        float[] advantages = new float[BATCH];
        for (int i = 0; i < BATCH; i++) {
            advantages[i] = (float) ADVANTAGES[i];
        }
        Shape shape = new Shape(BATCH, WIDTH);
        return new LossBatch(logProbs, call.create(padded(BEHAVIOUR, -1f), shape),
                withReference ? call.create(padded(REFERENCE, 0.5f), shape) : null,
                withProximal ? call.create(proximal, shape) : null, entropy, call.create(advantages),
                call.create(mask, shape));
    }

    static float[] policyLogProbs() {
        float[] values = new float[BATCH * WIDTH];
        Arrays.fill(values, PAD_LOG_PROB);
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < LENGTHS[i]; t++) {
                values[i * WIDTH + t] = (float) policy(i, t);
            }
        }
        return values;
    }

    private static float[] padded(double[][] rows, float pad) {
        float[] values = new float[BATCH * WIDTH];
        Arrays.fill(values, pad);
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < rows[i].length; t++) {
                values[i * WIDTH + t] = (float) rows[i][t];
            }
        }
        return values;
    }
}
