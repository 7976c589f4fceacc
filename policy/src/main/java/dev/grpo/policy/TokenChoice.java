package dev.grpo.policy;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of log-probs: argmax when greedy, else a draw from the smallest set of most
 * likely tokens whose mass reaches top-p (ties broken by lower id). Exactly one random number per draw, so the
 * stream of a sequence's generator depends only on how many tokens it has drawn.
 */
final class TokenChoice {

    private TokenChoice() {
    }

    static int pick(float[] logProbs, int offset, int vocabulary, SamplingConfig settings, SplittableRandom random) {
        if (settings.greedy()) {
            return argmax(logProbs, offset, vocabulary);
        }
        Integer[] order = new Integer[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            order[i] = i;
        }
        if (settings.topP() < 1f) {
            Arrays.sort(order, (a, b) -> Float.compare(logProbs[offset + b], logProbs[offset + a]));
        }
        boolean wholeVocabulary = settings.topP() == 1f;
        int kept = 0;
        double mass = 0;
        do {
            mass += Math.exp(logProbs[offset + order[kept]]);
            kept++;
        } while (kept < vocabulary && (wholeVocabulary || mass < settings.topP()));
        double target = random.nextDouble() * mass;
        double cumulative = 0;
        for (int i = 0; i < kept; i++) {
            cumulative += Math.exp(logProbs[offset + order[i]]);
            if (target < cumulative) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    private static int argmax(float[] logProbs, int offset, int vocabulary) {
        int best = 0;
        for (int i = 1; i < vocabulary; i++) {
            if (logProbs[offset + i] > logProbs[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
