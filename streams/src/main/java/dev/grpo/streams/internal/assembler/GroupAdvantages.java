package dev.grpo.streams.internal.assembler;

/**
 * GRPO's group-relative advantage: each member's reward minus the group mean, divided by the
 * group's standard deviation plus epsilon (population standard deviation, as DeepSeekMath's
 * {@code std(r)} of the group), or not divided at all (Dr. GRPO).
 */
final class GroupAdvantages {

    private GroupAdvantages() {
    }

    /** The advantage of each reward, in the same order. */
    static double[] of(double[] rewards, boolean scaleByStd, double epsilon) {
        double mean = 0;
        for (double reward : rewards) {
            mean += reward;
        }
        mean /= rewards.length;
        double variance = 0;
        for (double reward : rewards) {
            variance += (reward - mean) * (reward - mean);
        }
        double std = Math.sqrt(variance / rewards.length);
        double[] advantages = new double[rewards.length];
        for (int i = 0; i < rewards.length; i++) {
            double centred = rewards[i] - mean;
            advantages[i] = scaleByStd ? centred / (std + epsilon) : centred;
        }
        return advantages;
    }

    /** Whether every reward is the same, so the group carries no learning signal. */
    static boolean uniform(double[] rewards) {
        for (double reward : rewards) {
            if (Double.compare(reward, rewards[0]) != 0) {
                return false;
            }
        }
        return true;
    }
}
