package dev.grpo.streams.internal.rewards.math;

import java.math.BigInteger;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Powers, roots and the other non-field operations of the expression language, evaluated exactly
 * where the result stays in the rational-with-square-roots domain, and kept as opaque symbols
 * (named after their canonical argument) where it does not, such as {@code 2^(1/3)} or {@code sin(x)}.
 */
final class Powers {

    private static final int MAX_FACTORIAL = 2000;

    private Powers() {
    }

    /** {@code base^exponent}. */
    static RationalExpression raise(RationalExpression base, RationalExpression exponent, Deadline deadline) {
        Optional<Rational> power = exponent.rationalValue();
        if (power.isEmpty()) {
            return opaque("pow", base + "," + exponent);
        }
        Rational p = power.get();
        if (p.isInteger()) {
            if (p.numerator().bitLength() > 31) {
                throw new AnswerTooLargeException("exponent " + p);
            }
            return base.pow(p.numerator().longValueExact(), deadline);
        }
        if (p.denominator().bitLength() > 7 || p.numerator().bitLength() > 31) {
            return opaque("pow", base + "," + p);
        }
        RationalExpression raised = base.pow(p.numerator().abs().longValueExact(), deadline);
        RationalExpression rooted = root(raised, p.denominator().intValueExact(), deadline);
        return p.signum() > 0 ? rooted : RationalExpression.of(Rational.ONE).divide(rooted, deadline);
    }

    /**
     * The principal {@code index}-th root. Square roots of rationals become {@code q * sqrt(r)}
     * with {@code r} square-free (and {@code i} for negatives); exact higher roots of rationals are
     * computed; everything else is an opaque symbol.
     */
    static RationalExpression root(RationalExpression radicand, int index, Deadline deadline) {
        if (index == 1) {
            return radicand;
        }
        Optional<Rational> value = radicand.rationalValue();
        if (value.isEmpty()) {
            return opaque("root" + index, radicand.toString());
        }
        Rational v = value.get();
        if (index == 2) {
            return squareRoot(v, deadline);
        }
        Optional<BigInteger> top = IntegerRoots.exactRoot(v.numerator().abs(), index);
        Optional<BigInteger> bottom = IntegerRoots.exactRoot(v.denominator(), index);
        boolean realRoot = v.signum() >= 0 || index % 2 == 1;
        if (top.isPresent() && bottom.isPresent() && realRoot) {
            Rational root = Rational.of(top.get(), bottom.get());
            return RationalExpression.of(v.signum() < 0 ? root.negate() : root);
        }
        return opaque("root" + index, v.toString());
    }

    private static RationalExpression squareRoot(Rational value, Deadline deadline) {
        Rational magnitude = value.abs();
        IntegerRoots.SquareSplit split =
                IntegerRoots.splitSquare(magnitude.numerator().multiply(magnitude.denominator()), deadline);
        Rational coefficient = Rational.of(split.outside(), magnitude.denominator());
        Monomial root = new Monomial(value.signum() < 0, split.inside(), new TreeMap<>());
        return RationalExpression.of(Polynomial.term(coefficient, root));
    }

    /** {@code n!} for an integer {@code 0 <= n <= 2000}. */
    static RationalExpression factorial(RationalExpression operand) {
        Rational n = operand.rationalValue().filter(Rational::isInteger).filter(r -> r.signum() >= 0)
                .filter(r -> r.compareTo(Rational.of(MAX_FACTORIAL)) <= 0)
                .orElseThrow(() -> new UnverifiableAnswerException(
                        "factorial needs an integer from 0 to " + MAX_FACTORIAL + ", got " + operand));
        BigInteger product = BigInteger.ONE;
        for (int k = 2; k <= n.numerator().intValue(); k++) {
            product = product.multiply(BigInteger.valueOf(k));
        }
        return RationalExpression.of(Rational.of(product));
    }

    /** {@code n choose k} for integers with {@code 0 <= n <= 2000}. */
    static RationalExpression binomial(RationalExpression n, RationalExpression k) {
        int top = smallInteger(n);
        int bottom = smallInteger(k);
        if (bottom > top) {
            return RationalExpression.of(Rational.ZERO);
        }
        BigInteger result = BigInteger.ONE;
        for (int j = 1; j <= bottom; j++) {
            result = result.multiply(BigInteger.valueOf(top - bottom + j)).divide(BigInteger.valueOf(j));
        }
        return RationalExpression.of(Rational.of(result));
    }

    private static int smallInteger(RationalExpression value) {
        return value.rationalValue().filter(Rational::isInteger).filter(r -> r.signum() >= 0)
                .filter(r -> r.compareTo(Rational.of(MAX_FACTORIAL)) <= 0).map(r -> r.numerator().intValue())
                .orElseThrow(() -> new UnverifiableAnswerException(
                        "binomial needs integers from 0 to " + MAX_FACTORIAL + ", got " + value));
    }

    /** {@code |x|}: exact for rationals, opaque otherwise. */
    static RationalExpression absolute(RationalExpression operand) {
        return operand.rationalValue().map(r -> RationalExpression.of(r.abs()))
                .orElseGet(() -> opaque("abs", operand.toString()));
    }

    private static RationalExpression opaque(String function, String argument) {
        return RationalExpression.symbol(function + "(" + argument + ")");
    }
}
