package dev.grpo.streams.internal.rewards.math;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A product of symbols without its coefficient: {@code i^imaginary * sqrt(radicand) * x^a * y^b ...}.
 * Radicands are kept square-free where they could be factored, so that Q-linear combinations of
 * monomials are a canonical form for sums of square roots (square roots of distinct square-free
 * integers are linearly independent over the rationals).
 *
 * @param imaginary whether the factor {@code i} (with {@code i^2 = -1}) is present
 * @param radicand the positive integer under the square root; 1 when there is none
 * @param powers positive integer exponents of the symbols, by symbol name
 */
record Monomial(boolean imaginary, BigInteger radicand, SortedMap<String, Integer> powers)
        implements Comparable<Monomial> {

    /** The empty product, 1. */
    public static final Monomial ONE = new Monomial(false, BigInteger.ONE, new TreeMap<>());

    public Monomial {
        if (radicand.signum() <= 0) {
            throw new IllegalArgumentException("radicand must be positive, got " + radicand);
        }
        powers = Collections.unmodifiableSortedMap(new TreeMap<>(powers));
        if (powers.values().stream().anyMatch(p -> p <= 0)) {
            throw new IllegalArgumentException("symbol powers must be positive, got " + powers);
        }
    }

    /** The monomial holding one symbol to the first power. */
    public static Monomial symbol(String name) {
        return new Monomial(false, BigInteger.ONE, new TreeMap<>(Map.of(name, 1)));
    }

    /** The monomial {@code sqrt(radicand)}; the radicand should already be square-free. */
    public static Monomial squareRoot(BigInteger radicand) {
        return new Monomial(false, radicand, new TreeMap<>());
    }

    /** The imaginary unit. */
    public static Monomial imaginaryUnit() {
        return new Monomial(true, BigInteger.ONE, new TreeMap<>());
    }

    /** Sum of the symbol exponents. */
    public int degree() {
        return powers.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Whether this monomial holds no symbol (it may still hold a root or {@code i}). */
    public boolean isConstant() {
        return powers.isEmpty();
    }

    /** Whether this is the empty product. */
    public boolean isOne() {
        return !imaginary && radicand.equals(BigInteger.ONE) && powers.isEmpty();
    }

    /**
     * The product with another monomial, as a rational factor times a monomial: square roots merge
     * ({@code sqrt(a) sqrt(b) = g sqrt(ab/g^2)} with {@code g = gcd(a, b)}) and {@code i^2 = -1}.
     */
    public Term multiply(Monomial other) {
        BigInteger gcd = radicand.gcd(other.radicand);
        BigInteger mergedRadicand = radicand.divide(gcd).multiply(other.radicand.divide(gcd));
        Rational factor = Rational.of(gcd);
        boolean bothImaginary = imaginary && other.imaginary;
        if (bothImaginary) {
            factor = factor.negate();
        }
        SortedMap<String, Integer> merged = new TreeMap<>(powers);
        other.powers.forEach((symbol, power) -> merged.merge(symbol, power, Integer::sum));
        return new Term(factor, new Monomial(imaginary ^ other.imaginary, mergedRadicand, merged));
    }

    @Override
    public int compareTo(Monomial other) {
        int byDegree = Integer.compare(other.degree(), degree());
        if (byDegree != 0) {
            return byDegree;
        }
        int bySymbols = symbolKey().compareTo(other.symbolKey());
        if (bySymbols != 0) {
            return bySymbols;
        }
        int byRadicand = radicand.compareTo(other.radicand);
        return byRadicand != 0 ? byRadicand : Boolean.compare(imaginary, other.imaginary);
    }

    private String symbolKey() {
        StringBuilder key = new StringBuilder();
        powers.forEach((symbol, power) -> key.append(symbol).append('^').append(power).append(' '));
        return key.toString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (imaginary) {
            text.append('i');
        }
        if (!radicand.equals(BigInteger.ONE)) {
            text.append(text.length() > 0 ? "*" : "").append("sqrt(").append(radicand).append(')');
        }
        powers.forEach((symbol, power) -> text.append(text.length() > 0 ? "*" : "").append(symbol)
                .append(power == 1 ? "" : "^" + power));
        return text.length() == 0 ? "1" : text.toString();
    }

    /**
     * A coefficient times a monomial.
     *
     * @param coefficient the exact rational coefficient
     * @param monomial the symbols
     */
    public record Term(Rational coefficient, Monomial monomial) {
    }
}
