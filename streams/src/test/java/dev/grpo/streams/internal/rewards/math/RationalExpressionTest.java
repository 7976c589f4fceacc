package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RationalExpressionTest {

    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final RationalExpression X = RationalExpression.symbol("x");
    private static final RationalExpression ONE = RationalExpression.of(Rational.ONE);

    private static RationalExpression of(long value) {
        return RationalExpression.of(Rational.of(value));
    }

    private static RationalExpression sqrt2() {
        return RationalExpression.of(Polynomial.term(Rational.ONE, Monomial.squareRoot(BigInteger.TWO)));
    }

    @Test
    void equalValuesAreFoundEqualWithoutReducingTheFraction() {
        RationalExpression quotient = X.multiply(X, DEADLINE).subtract(ONE, DEADLINE)
                .divide(X.subtract(ONE, DEADLINE), DEADLINE);
        assertThat(quotient.sameValueAs(X.add(ONE, DEADLINE), DEADLINE)).isTrue();
        assertThat(quotient.sameValueAs(X, DEADLINE)).isFalse();
    }

    @Test
    void fractionsOfConstantsFoldIntoTheNumerator() {
        RationalExpression half = ONE.divide(of(2), DEADLINE);
        assertThat(half.denominator()).isEqualTo(Polynomial.ONE);
        assertThat(half.rationalValue()).contains(Rational.of(BigInteger.ONE, BigInteger.TWO));
        assertThat(half).hasToString("(1/2)");
    }

    @Test
    void aSingleRootOrIInTheDenominatorIsRationalised() {
        RationalExpression inverse = ONE.divide(sqrt2(), DEADLINE);
        assertThat(inverse.denominator()).isEqualTo(Polynomial.ONE);
        assertThat(inverse).isEqualTo(sqrt2().divide(of(2), DEADLINE)).hasToString("(1/2)*sqrt(2)");
        RationalExpression i = RationalExpression.of(Polynomial.term(Rational.ONE, Monomial.imaginaryUnit()));
        assertThat(ONE.divide(i, DEADLINE)).isEqualTo(i.negate());
    }

    @Test
    void aDenominatorWithManyTermsIsMadeMonic() {
        RationalExpression value = ONE.divide(X.multiply(of(2), DEADLINE).add(of(4), DEADLINE), DEADLINE);
        assertThat(value.denominator().leadingCoefficient()).isEqualTo(Rational.ONE);
        assertThat(value).hasToString("((1/2))/(1*x + 2)");
    }

    @Test
    void zeroHasOneForm() {
        assertThat(X.subtract(X, DEADLINE)).isEqualTo(of(0)).matches(RationalExpression::isZero);
        assertThat(X.divide(X.add(ONE, DEADLINE), DEADLINE).multiply(of(0), DEADLINE)).isEqualTo(of(0));
    }

    @Test
    void divisionByZeroIsUnverifiable() {
        assertThatThrownBy(() -> X.divide(of(0), DEADLINE)).isInstanceOf(UnverifiableAnswerException.class)
                .hasMessage("division by zero");
        assertThatThrownBy(() -> new RationalExpression(Polynomial.ONE, Polynomial.ZERO))
                .hasMessage("division by zero");
    }

    @Test
    void negativePowersInvert() {
        assertThat(X.pow(-2, DEADLINE).sameValueAs(ONE.divide(X.multiply(X, DEADLINE), DEADLINE), DEADLINE)).isTrue();
        assertThat(of(2).pow(-3, DEADLINE).rationalValue()).contains(Rational.of(BigInteger.ONE, BigInteger.valueOf(8)));
        assertThatThrownBy(() -> of(0).pow(-1, DEADLINE)).hasMessage("zero to a negative power");
        assertThatThrownBy(() -> X.pow(100_000, DEADLINE)).isInstanceOf(AnswerTooLargeException.class)
                .hasMessage("too large to verify: exponent 100000");
    }

    @Test
    void onlySymbolFreeRootFreeValuesAreRational() {
        assertThat(X.rationalValue()).isEmpty();
        assertThat(sqrt2().rationalValue()).isEmpty();
        assertThat(sqrt2().isSymbolFree()).isTrue();
        assertThat(X.isSymbolFree()).isFalse();
    }
}
