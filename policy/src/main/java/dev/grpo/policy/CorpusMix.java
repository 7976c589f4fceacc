package dev.grpo.policy;

/**
 * How the pretraining corpus is made imperfect.
 *
 * @param directFraction share of samples that answer at once, with an empty {@code <think></think>}
 * @param directAccuracy share of direct answers that are right (the rest are near misses)
 * @param slipRate share of step-by-step samples with one wrong column sum (and so a wrong answer)
 * @param mixedFraction share of step-by-step samples that write some phrases in Chinese
 * @param chineseShare within a mixed sample, the chance that each phrase is written in Chinese
 */
public record CorpusMix(double directFraction, double directAccuracy, double slipRate, double mixedFraction,
                        double chineseShare) {

    /** The demo's mix: most answers are guesses, step-by-step work is mostly right, a third of it mixes scripts. */
    public static final CorpusMix DEMO = new CorpusMix(0.6, 0.2, 0.1, 0.35, 0.5);

    /** Checks that every share is a probability. */
    public CorpusMix {
        double[] shares = {directFraction, directAccuracy, slipRate, mixedFraction, chineseShare};
        for (double share : shares) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("every share of a corpus mix must lie in [0, 1], got " + this);
            }
        }
    }
}
