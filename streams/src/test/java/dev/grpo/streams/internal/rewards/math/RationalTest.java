package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RationalTest {

    private static Rational of(long numerator, long denominator) {
        return Rational.of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    @Test
    void aFractionIsKeptInLowestTerms() {
        assertThat(of(6, 8)).isEqualTo(new Rational(BigInteger.valueOf(3), BigInteger.valueOf(4)));
        assertThat(of(6, 8)).hasToString("3/4");
        assertThat(of(-10, 5)).hasToString("-2");
    }

    @Test
    void theSignIsCarriedByTheNumeratorAndTheDenominatorIsPositive() {
        assertThat(of(3, -4)).isEqualTo(of(-3, 4));
        assertThat(of(-3, -4)).isEqualTo(of(3, 4));
        assertThat(of(3, -4).denominator()).isEqualTo(BigInteger.valueOf(4));
        assertThat(of(3, -4).signum()).isEqualTo(-1);
    }

    @Test
    void everyZeroIsTheSameZero() {
        assertThat(of(0, -7)).isSameAs(Rational.ZERO);
        assertThat(of(0, 3).denominator()).isEqualTo(BigInteger.ONE);
        assertThat(of(2, 3).subtract(of(4, 6))).isEqualTo(Rational.ZERO).matches(Rational::isZero);
    }

    @Test
    void aZeroDenominatorIsADivisionByZero() {
        assertThatThrownBy(() -> of(1, 0)).isInstanceOf(ArithmeticException.class).hasMessage("division by zero");
        assertThatThrownBy(() -> of(1, 2).divide(Rational.ZERO)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Rational.ZERO.reciprocal()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void theCanonicalConstructorRefusesAnUnnormalisedFraction() {
        assertThatThrownBy(() -> new Rational(BigInteger.TWO, BigInteger.valueOf(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not in lowest terms: 2/4; use Rational.of to normalise");
        assertThatThrownBy(() -> new Rational(BigInteger.ONE, BigInteger.valueOf(-2)))
                .hasMessageStartingWith("not in lowest terms: 1/-2");
    }

    @Test
    void fieldOperationsAreExact() {
        assertThat(of(1, 3).add(of(1, 6))).isEqualTo(of(1, 2));
        assertThat(of(1, 3).subtract(of(1, 2))).isEqualTo(of(-1, 6));
        assertThat(of(2, 3).multiply(of(9, 4))).isEqualTo(of(3, 2));
        assertThat(of(2, 3).divide(of(-4, 9))).isEqualTo(of(-3, 2));
        assertThat(of(-2, 3).negate()).isEqualTo(of(2, 3));
        assertThat(of(-2, 3).abs()).isEqualTo(of(2, 3));
        assertThat(of(-2, 3).reciprocal()).isEqualTo(of(-3, 2));
    }

    @Test
    void oneThirdTimesThreeIsExactlyOne() {
        Rational third = of(1, 3);
        assertThat(third.add(third).add(third)).isEqualTo(Rational.ONE);
        assertThat(of(1, 10).add(of(2, 10))).isEqualTo(Rational.parseDecimal("0.3"));
    }

    @ParameterizedTest
    @CsvSource({"12, 12", "0.125, 1/8", ".5, 1/2", "3., 3", "2.50, 5/2", "007, 7", "-0.75, -3/4"})
    void aDecimalLiteralIsReadExactly(String literal, String value) {
        assertThat(Rational.parseDecimal(literal)).hasToString(value);
    }

    @Test
    void aBigDecimalWithANegativeScaleIsAnInteger() {
        assertThat(Rational.of(new BigDecimal("1.2E+3"))).isEqualTo(Rational.of(1200));
    }

    @Test
    void numbersFarBeyondALongNeverOverflow() {
        Rational huge = Rational.of(new BigInteger("123456789012345678901234567890"));
        assertThat(huge.multiply(huge).divide(huge)).isEqualTo(huge);
        assertThat(Rational.of(Long.MAX_VALUE).add(Rational.ONE).numerator())
                .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
        assertThat(Rational.of(2).pow(100)).hasToString("1267650600228229401496703205376");
    }

    @Test
    void integerPowersIncludingNegativeOnes() {
        assertThat(of(2, 3).pow(3)).isEqualTo(of(8, 27));
        assertThat(of(2, 3).pow(-2)).isEqualTo(of(9, 4));
        assertThat(of(-1, 2).pow(3)).isEqualTo(of(-1, 8));
        assertThat(of(5, 7).pow(0)).isEqualTo(Rational.ONE);
        assertThatThrownBy(() -> Rational.ZERO.pow(-1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aPowerBeyondTheBitBudgetIsRefusedNotComputed() {
        assertThatThrownBy(() -> Rational.of(3).pow(1_000_000))
                .isInstanceOf(AnswerTooLargeException.class)
                .hasMessage("too large to verify: power with 2-bit base and exponent 1000000");
        assertThat(Rational.ONE.pow(1_000_000_000L)).as("1 has no bits to grow").isEqualTo(Rational.ONE);
    }

    @Test
    void orderIsByValueNotByRepresentation() {
        assertThat(of(1, 3)).isLessThan(of(1, 2));
        assertThat(of(-1, 2)).isLessThan(of(-1, 3));
        assertThat(of(2, 4).compareTo(of(1, 2))).isZero();
    }

    @Test
    void integersAreRecognisedAndPrintWithoutADenominator() {
        assertThat(of(4, 2).isInteger()).isTrue();
        assertThat(of(4, 3).isInteger()).isFalse();
        assertThat(of(4, 2)).hasToString("2");
        assertThat(of(-4, 3)).hasToString("-4/3");
    }
}
