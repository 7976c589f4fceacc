package dev.grpo.streams.internal.rewards.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact rational number in lowest terms with a positive denominator: the arithmetic every
 * equivalence verdict rests on, so no two distinct values can ever compare equal by rounding.
 *
 * @param numerator the numerator, carrying the sign
 * @param denominator the denominator, always positive and coprime with the numerator
 */
record Rational(BigInteger numerator, BigInteger denominator) implements Comparable<Rational> {

    /** Zero. */
    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    /** One. */
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    /** Largest number of bits a power may produce; larger results are refused instead of computed. */
    static final int MAX_BITS = 1 << 16;

    public Rational {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() <= 0 || !numerator.gcd(denominator).equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("not in lowest terms: " + numerator + "/" + denominator
                    + "; use Rational.of to normalise");
        }
    }

    /** The value {@code numerator / denominator}, normalised. */
    public static Rational of(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        if (numerator.signum() == 0) {
            return ZERO;
        }
        BigInteger gcd = numerator.gcd(denominator);
        return new Rational(numerator.divide(gcd), denominator.divide(gcd));
    }

    /** The integer {@code value}. */
    public static Rational of(BigInteger value) {
        return new Rational(value, BigInteger.ONE);
    }

    /** The integer {@code value}. */
    public static Rational of(long value) {
        return of(BigInteger.valueOf(value));
    }

    /** The exact value of a decimal literal such as {@code 12}, {@code 0.125}, {@code .5} or {@code 3.}. */
    public static Rational parseDecimal(String literal) {
        String text = literal.endsWith(".") ? literal.substring(0, literal.length() - 1) : literal;
        BigDecimal decimal = new BigDecimal(text.startsWith(".") ? "0" + text : text);
        return of(decimal);
    }

    /** The exact value of a {@link BigDecimal}. */
    public static Rational of(BigDecimal decimal) {
        if (decimal.scale() <= 0) {
            return of(decimal.toBigIntegerExact());
        }
        return of(decimal.unscaledValue(), BigInteger.TEN.pow(decimal.scale()));
    }

    public Rational add(Rational other) {
        return of(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    public Rational subtract(Rational other) {
        return add(other.negate());
    }

    public Rational multiply(Rational other) {
        return of(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    /** @throws ArithmeticException when {@code other} is zero */
    public Rational divide(Rational other) {
        return of(numerator.multiply(other.denominator), denominator.multiply(other.numerator));
    }

    public Rational negate() {
        return new Rational(numerator.negate(), denominator);
    }

    public Rational abs() {
        return numerator.signum() < 0 ? negate() : this;
    }

    /** {@code 1 / this}. @throws ArithmeticException when this is zero */
    public Rational reciprocal() {
        return of(denominator, numerator);
    }

    /**
     * This value to an integer power.
     *
     * @throws AnswerTooLargeException when the result would exceed {@value #MAX_BITS} bits
     * @throws ArithmeticException for zero to a negative power
     */
    public Rational pow(long exponent) {
        long bits = Math.max(numerator.bitLength(), denominator.bitLength());
        if (bits > 1 && Math.abs(exponent) > MAX_BITS / (bits - 1)) {
            throw new AnswerTooLargeException("power with " + bits + "-bit base and exponent " + exponent);
        }
        Rational base = exponent < 0 ? reciprocal() : this;
        int n = (int) Math.abs(exponent);
        return of(base.numerator.pow(n), base.denominator.pow(n));
    }

    public int signum() {
        return numerator.signum();
    }

    public boolean isZero() {
        return numerator.signum() == 0;
    }

    public boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    @Override
    public int compareTo(Rational other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }

    @Override
    public String toString() {
        return isInteger() ? numerator.toString() : numerator + "/" + denominator;
    }
}
