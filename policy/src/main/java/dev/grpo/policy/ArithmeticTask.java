package dev.grpo.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Addition of two numbers of {@code minDigits..maxDigits} digits each. A fixed hash of the operands puts every
 * problem on one side of a train / held-out partition, so held-out problems never appear in pretraining or RL,
 * whatever the seeds.
 */
public final class ArithmeticTask {

    /** The task's name, as in {@code --task arithmetic}. */
    public static final String NAME = "arithmetic";

    private final int minDigits;
    private final int maxDigits;
    private final int heldOutPercent;

    /** Two- and three-digit operands, 10 % of problems held out. */
    public ArithmeticTask() {
        this(2, 3, 10);
    }

    /**
     * @param minDigits fewest digits of an operand, at least 1
     * @param maxDigits most digits of an operand, at most 6
     * @param heldOutPercent the share of problems held out, 1..99
     */
    public ArithmeticTask(int minDigits, int maxDigits, int heldOutPercent) {
        if (minDigits < 1 || maxDigits > 6 || minDigits > maxDigits) {
            throw new IllegalArgumentException("need 1 <= minDigits <= maxDigits <= 6, got " + minDigits + ".." + maxDigits);
        }
        if (heldOutPercent < 1 || heldOutPercent > 99) {
            throw new IllegalArgumentException("held-out share must lie in 1..99 %, got " + heldOutPercent);
        }
        this.minDigits = minDigits;
        this.maxDigits = maxDigits;
        this.heldOutPercent = heldOutPercent;
    }

    /**
     * @param problem a problem
     * @return its side of the partition
     */
    public Split splitOf(ArithmeticProblem problem) {
        long mixed = mix(problem.left() * 1_000_003L + problem.right());
        return Long.remainderUnsigned(mixed, 100) < heldOutPercent ? Split.HELD_OUT : Split.TRAIN;
    }

    /**
     * Draws a problem from one side of the partition.
     *
     * @param random the generator to draw with
     * @param split the side
     * @return a problem on that side
     */
    public ArithmeticProblem draw(SplittableRandom random, Split split) {
        while (true) {
            ArithmeticProblem problem = new ArithmeticProblem(operand(random), operand(random));
            if (splitOf(problem) == split) {
                return problem;
            }
        }
    }

    /**
     * @param split the side
     * @param count how many
     * @param seed seeds the draw
     * @return {@code count} problems (repeats possible), the same for the same arguments
     */
    public List<ArithmeticProblem> problems(Split split, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ArithmeticProblem> problems = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            problems.add(draw(random, split));
        }
        return problems;
    }

    private int operand(SplittableRandom random) {
        int digits = random.nextInt(minDigits, maxDigits + 1);
        int low = digits == 1 ? 0 : (int) Math.pow(10, digits - 1);
        return random.nextInt(low, (int) Math.pow(10, digits));
    }

    /** The SplitMix64 finaliser: a fixed, well-mixing hash, so the partition never changes between versions. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
