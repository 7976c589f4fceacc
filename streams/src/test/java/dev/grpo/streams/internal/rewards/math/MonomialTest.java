package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MonomialTest {

    private static Monomial of(boolean imaginary, long radicand, Map<String, Integer> powers) {
        return new Monomial(imaginary, BigInteger.valueOf(radicand), new TreeMap<>(powers));
    }

    @Test
    void symbolPowersAddUp() {
        Monomial.Term product = Monomial.symbol("x").multiply(of(false, 1, Map.of("x", 2, "y", 1)));
        assertThat(product.coefficient()).isEqualTo(Rational.ONE);
        assertThat(product.monomial()).isEqualTo(of(false, 1, Map.of("x", 3, "y", 1)));
        assertThat(product.monomial().degree()).isEqualTo(4);
    }

    @Test
    void squareRootsMergeTakingTheirCommonFactorOut() {
        Monomial.Term product = Monomial.squareRoot(BigInteger.valueOf(6)).multiply(Monomial.squareRoot(BigInteger.TEN));
        assertThat(product.coefficient()).isEqualTo(Rational.of(2));
        assertThat(product.monomial()).isEqualTo(Monomial.squareRoot(BigInteger.valueOf(15)));
    }

    @Test
    void iTimesIIsMinusOne() {
        Monomial.Term product = Monomial.imaginaryUnit().multiply(Monomial.imaginaryUnit());
        assertThat(product.coefficient()).isEqualTo(Rational.of(-1));
        assertThat(product.monomial().isOne()).isTrue();
    }

    @Test
    void radicandsAndPowersMustBePositive() {
        assertThatThrownBy(() -> of(false, 0, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("radicand must be positive, got 0");
        assertThatThrownBy(() -> of(false, 1, Map.of("x", 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("symbol powers must be positive, got {x=0}");
    }

    @Test
    void higherDegreeSortsFirstThenBySymbols() {
        Monomial square = of(false, 1, Map.of("x", 2));
        assertThat(square).isLessThan(Monomial.symbol("x"));
        assertThat(Monomial.symbol("x")).isLessThan(Monomial.symbol("y"));
        assertThat(Monomial.ONE).isLessThan(Monomial.squareRoot(BigInteger.TWO));
    }

    @Test
    void printsAsAProduct() {
        assertThat(of(true, 3, Map.of("x", 2, "y", 1))).hasToString("i*sqrt(3)*x^2*y");
        assertThat(Monomial.ONE).hasToString("1");
        assertThat(Monomial.ONE.isConstant()).isTrue();
        assertThat(Monomial.squareRoot(BigInteger.TWO).isConstant()).isTrue();
        assertThat(Monomial.symbol("x").isConstant()).isFalse();
    }
}
