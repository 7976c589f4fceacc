package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PowersTest {

    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));

    private static RationalExpression of(long value) {
        return RationalExpression.of(Rational.of(value));
    }

    private static RationalExpression of(long numerator, long denominator) {
        return RationalExpression.of(Rational.of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator)));
    }

    @Test
    void aRationalPowerIsARootOfAPower() {
        assertThat(Powers.raise(of(8), of(2, 3), DEADLINE)).isEqualTo(of(4));
        assertThat(Powers.raise(of(4), of(-1, 2), DEADLINE)).isEqualTo(of(1, 2));
    }

    @Test
    void whatLeavesTheSquareRootDomainIsAnOpaqueSymbolNamedCanonically() {
        assertThat(Powers.raise(of(2), of(1, 3), DEADLINE)).hasToString("1*root3(2)");
        assertThat(Powers.raise(of(2), RationalExpression.symbol("x"), DEADLINE)).hasToString("1*pow(2,1*x)");
        assertThat(Powers.root(of(1, 8), 3, DEADLINE)).isEqualTo(of(1, 2));
    }

    @Test
    void anEvenRootOfANegativeNumberStaysOpaqueButAnOddOneIsReal() {
        assertThat(Powers.root(of(-16), 4, DEADLINE).rationalValue()).isEmpty();
        assertThat(Powers.root(of(-32), 5, DEADLINE)).isEqualTo(of(-2));
    }

    @Test
    void factorialAndBinomialOfSmallIntegers() {
        assertThat(Powers.factorial(of(0))).isEqualTo(of(1));
        assertThat(Powers.factorial(of(20))).isEqualTo(of(2_432_902_008_176_640_000L));
        assertThat(Powers.binomial(of(52), of(5))).isEqualTo(of(2_598_960));
        assertThat(Powers.binomial(of(3), of(5))).isEqualTo(of(0));
        assertThatThrownBy(() -> Powers.factorial(of(1, 2))).isInstanceOf(UnverifiableAnswerException.class)
                .hasMessage("factorial needs an integer from 0 to 2000, got (1/2)");
        assertThatThrownBy(() -> Powers.binomial(of(2001), of(1)))
                .hasMessage("binomial needs integers from 0 to 2000, got 2001");
    }

    @Test
    void absoluteValueIsExactForRationals() {
        assertThat(Powers.absolute(of(-3, 4))).isEqualTo(of(3, 4));
        assertThat(Powers.absolute(RationalExpression.symbol("x"))).hasToString("1*abs(1*x)");
    }

    @Test
    void aHugeIntegerExponentIsRefused() {
        assertThatThrownBy(() -> Powers.raise(of(2), RationalExpression.of(Rational.of(1L << 40)), DEADLINE))
                .isInstanceOf(AnswerTooLargeException.class).hasMessage("too large to verify: exponent 1099511627776");
    }
}
