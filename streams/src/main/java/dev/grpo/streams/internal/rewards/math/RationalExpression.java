package dev.grpo.streams.internal.rewards.math;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A quotient of two {@link Polynomial}s: the value every parsed math answer evaluates to. Equality
 * of values is decided exactly by cross-multiplication ({@code a/b = c/d} iff {@code ad - cb = 0}),
 * so no canonical reduction of the fraction is needed for a sound verdict.
 *
 * @param numerator the numerator
 * @param denominator the denominator, never zero
 */
record RationalExpression(Polynomial numerator, Polynomial denominator) {

    public RationalExpression {
        if (denominator.isZero()) {
            throw new UnverifiableAnswerException("division by zero");
        }
    }

    /** The constant {@code value}. */
    public static RationalExpression of(Rational value) {
        return new RationalExpression(Polynomial.constant(value), Polynomial.ONE);
    }

    /** The polynomial {@code value}. */
    public static RationalExpression of(Polynomial value) {
        return new RationalExpression(value, Polynomial.ONE);
    }

    /** The symbol {@code name}, an indeterminate. */
    public static RationalExpression symbol(String name) {
        return of(Polynomial.term(Rational.ONE, Monomial.symbol(name)));
    }

    public RationalExpression add(RationalExpression other, Deadline deadline) {
        if (denominator.equals(other.denominator)) {
            return normalised(numerator.add(other.numerator), denominator, deadline);
        }
        Polynomial top = numerator.multiply(other.denominator, deadline)
                .add(other.numerator.multiply(denominator, deadline));
        return normalised(top, denominator.multiply(other.denominator, deadline), deadline);
    }

    public RationalExpression negate() {
        return new RationalExpression(numerator.negate(), denominator);
    }

    public RationalExpression subtract(RationalExpression other, Deadline deadline) {
        return add(other.negate(), deadline);
    }

    public RationalExpression multiply(RationalExpression other, Deadline deadline) {
        return normalised(numerator.multiply(other.numerator, deadline),
                denominator.multiply(other.denominator, deadline), deadline);
    }

    /** @throws UnverifiableAnswerException when {@code other} is zero */
    public RationalExpression divide(RationalExpression other, Deadline deadline) {
        if (other.isZero()) {
            throw new UnverifiableAnswerException("division by zero");
        }
        return normalised(numerator.multiply(other.denominator, deadline),
                denominator.multiply(other.numerator, deadline), deadline);
    }

    /** This value to an integer power; negative powers invert. */
    public RationalExpression pow(long exponent, Deadline deadline) {
        if (Math.abs(exponent) > Rational.MAX_BITS) {
            throw new AnswerTooLargeException("exponent " + exponent);
        }
        int n = (int) Math.abs(exponent);
        RationalExpression positive = normalised(numerator.pow(n, deadline), denominator.pow(n, deadline), deadline);
        if (exponent >= 0) {
            return positive;
        }
        if (positive.isZero()) {
            throw new UnverifiableAnswerException("zero to a negative power");
        }
        return normalised(positive.denominator, positive.numerator, deadline);
    }

    public boolean isZero() {
        return numerator.isZero();
    }

    /** Whether both values are equal, decided exactly. */
    public boolean sameValueAs(RationalExpression other, Deadline deadline) {
        if (equals(other)) {
            return true;
        }
        return numerator.multiply(other.denominator, deadline)
                .subtract(other.numerator.multiply(denominator, deadline)).isZero();
    }

    /** The rational value when this expression holds no symbol, root or {@code i}. */
    public Optional<Rational> rationalValue() {
        Optional<Rational> top = numerator.constantValue();
        Optional<Rational> bottom = denominator.constantValue();
        return top.isPresent() && bottom.isPresent() ? Optional.of(top.get().divide(bottom.get())) : Optional.empty();
    }

    /** Whether this expression holds no symbol (roots and {@code i} allowed). */
    public boolean isSymbolFree() {
        return numerator.isSymbolFree() && denominator.isSymbolFree();
    }

    /**
     * Moves what can be moved out of the denominator: a single-term denominator is rationalised
     * ({@code 1/sqrt(2) = sqrt(2)/2}, {@code 1/i = -i}) and a constant one is folded into the
     * numerator, so that simple values print alike and opaque symbols built on them match.
     */
    private static RationalExpression normalised(Polynomial top, Polynomial bottom, Deadline deadline) {
        if (bottom.isZero()) {
            throw new UnverifiableAnswerException("division by zero");
        }
        if (top.isZero()) {
            return new RationalExpression(Polynomial.ZERO, Polynomial.ONE);
        }
        if (!bottom.isSingleTerm()) {
            Rational lead = bottom.leadingCoefficient();
            return new RationalExpression(top.scale(lead.reciprocal()), bottom.scale(lead.reciprocal()));
        }
        Map.Entry<Monomial, Rational> only = bottom.terms().entrySet().iterator().next();
        Monomial monomial = only.getKey();
        Polynomial conjugate = Polynomial.term(Rational.ONE,
                new Monomial(monomial.imaginary(), monomial.radicand(), new TreeMap<>()));
        Polynomial rationalTop = top.multiply(conjugate, deadline);
        Polynomial rationalBottom = bottom.multiply(conjugate, deadline);
        Rational scale = rationalBottom.leadingCoefficient().reciprocal();
        Polynomial symbols = Polynomial.term(Rational.ONE, new Monomial(false, BigInteger.ONE, monomial.powers()));
        return new RationalExpression(rationalTop.scale(scale), symbols);
    }

    /** A canonical-enough text, used to name opaque symbols such as {@code sin(x/2)}. */
    @Override
    public String toString() {
        return denominator.equals(Polynomial.ONE) ? numerator.toString() : "(" + numerator + ")/(" + denominator + ")";
    }
}
