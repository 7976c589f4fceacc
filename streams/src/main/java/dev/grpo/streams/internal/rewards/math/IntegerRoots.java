package dev.grpo.streams.internal.rewards.math;

import java.math.BigInteger;
import java.util.Optional;

/** Exact integer roots and square-free decomposition, the two facts radical simplification needs. */
final class IntegerRoots {

    /** Trial division goes this far; a larger square factor is left in the radicand (a false negative at worst). */
    private static final int TRIAL_DIVISION_LIMIT = 50_000;

    private IntegerRoots() {
    }

    /** The exact {@code k}-th root of {@code n >= 0}, when {@code n} is a perfect {@code k}-th power. */
    static Optional<BigInteger> exactRoot(BigInteger n, int k) {
        if (k == 2) {
            BigInteger root = n.sqrt();
            return root.multiply(root).equals(n) ? Optional.of(root) : Optional.empty();
        }
        BigInteger low = BigInteger.ZERO;
        BigInteger high = BigInteger.ONE.shiftLeft(n.bitLength() / k + 1);
        while (low.compareTo(high) <= 0) {
            BigInteger mid = low.add(high).shiftRight(1);
            int comparison = mid.pow(k).compareTo(n);
            if (comparison == 0) {
                return Optional.of(mid);
            }
            if (comparison < 0) {
                low = mid.add(BigInteger.ONE);
            } else {
                high = mid.subtract(BigInteger.ONE);
            }
        }
        return Optional.empty();
    }

    /**
     * Splits {@code n > 0} as {@code outside^2 * inside}, with {@code inside} square-free whenever
     * its square factors are below the trial-division limit or it is itself a perfect square.
     */
    static SquareSplit splitSquare(BigInteger n, Deadline deadline) {
        BigInteger outside = BigInteger.ONE;
        BigInteger inside = n;
        for (int p = 2; p <= TRIAL_DIVISION_LIMIT; p = p == 2 ? 3 : p + 2) {
            if (p % 1024 == 1) {
                deadline.check();
            }
            BigInteger prime = BigInteger.valueOf(p);
            BigInteger square = prime.multiply(prime);
            if (square.compareTo(inside) > 0) {
                break;
            }
            while (inside.mod(square).signum() == 0) {
                inside = inside.divide(square);
                outside = outside.multiply(prime);
            }
        }
        Optional<BigInteger> root = exactRoot(inside, 2);
        if (root.isPresent()) {
            return new SquareSplit(outside.multiply(root.get()), BigInteger.ONE);
        }
        return new SquareSplit(outside, inside);
    }

    /**
     * {@code n = outside^2 * inside}.
     *
     * @param outside the part taken out of the root
     * @param inside what stays under the root
     */
    record SquareSplit(BigInteger outside, BigInteger inside) {
    }
}
