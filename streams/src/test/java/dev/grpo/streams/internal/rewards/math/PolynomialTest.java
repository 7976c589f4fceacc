package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PolynomialTest {

    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final Polynomial X = Polynomial.term(Rational.ONE, Monomial.symbol("x"));
    private static final Polynomial Y = Polynomial.term(Rational.ONE, Monomial.symbol("y"));

    private static Polynomial constant(long value) {
        return Polynomial.constant(Rational.of(value));
    }

    private static Polynomial sqrt(long radicand) {
        return Polynomial.term(Rational.ONE, Monomial.squareRoot(BigInteger.valueOf(radicand)));
    }

    @Test
    void likeTermsMergeAndZeroTermsVanish() {
        Polynomial sum = X.add(Y).add(X).subtract(Y);
        assertThat(sum).isEqualTo(X.scale(Rational.of(2)));
        assertThat(sum.terms()).hasSize(1);
        assertThat(X.subtract(X)).isEqualTo(Polynomial.ZERO).matches(Polynomial::isZero);
        assertThat(Polynomial.term(Rational.ZERO, Monomial.symbol("x"))).isEqualTo(Polynomial.ZERO);
    }

    @Test
    void equalValuesHaveEqualCanonicalFormsWhateverTheOrderOfConstruction() {
        Polynomial expanded = X.multiply(X, DEADLINE).add(X.scale(Rational.of(2))).add(Polynomial.ONE);
        Polynomial squared = X.add(Polynomial.ONE).pow(2, DEADLINE);
        Polynomial reordered = Polynomial.ONE.add(X).multiply(Polynomial.ONE.add(X), DEADLINE);

        assertThat(squared).isEqualTo(expanded).isEqualTo(reordered).hasSameHashCodeAs(expanded);
        assertThat(squared).hasToString(expanded.toString()).hasToString("1*x^2 + 2*x + 1");
    }

    @Test
    void termsPrintHighestDegreeFirstWithNonIntegerOrNegativeCoefficientsBracketed() {
        Polynomial p = constant(-3).add(X.scale(Rational.of(BigInteger.ONE, BigInteger.TWO)))
                .add(X.multiply(Y, DEADLINE));
        assertThat(p).hasToString("1*x*y + (1/2)*x + (-3)");
        assertThat(Polynomial.ZERO).hasToString("0");
    }

    @Test
    void productsOfDifferencesAreExpandedExactly() {
        Polynomial product = X.add(Y).multiply(X.subtract(Y), DEADLINE);
        assertThat(product).isEqualTo(X.pow(2, DEADLINE).subtract(Y.pow(2, DEADLINE)));
    }

    @Test
    void squareRootsMultiplyIntoSquareFreeRadicands() {
        assertThat(sqrt(2).multiply(sqrt(2), DEADLINE)).isEqualTo(constant(2));
        assertThat(sqrt(2).multiply(sqrt(6), DEADLINE)).isEqualTo(sqrt(3).scale(Rational.of(2)));
        assertThat(sqrt(2).add(sqrt(3))).as("independent over the rationals").isNotEqualTo(sqrt(5));
    }

    @Test
    void theImaginaryUnitSquaresToMinusOne() {
        Polynomial i = Polynomial.term(Rational.ONE, Monomial.imaginaryUnit());
        assertThat(i.multiply(i, DEADLINE)).isEqualTo(constant(-1));
        assertThat(i.pow(3, DEADLINE)).isEqualTo(i.negate());
        assertThat(i.pow(4, DEADLINE)).isEqualTo(Polynomial.ONE);
    }

    @Test
    void aSingleTermIsRaisedDirectly() {
        Polynomial term = Polynomial.term(Rational.of(3), Monomial.symbol("x")).multiply(sqrt(2), DEADLINE);
        assertThat(term.pow(3, DEADLINE)).isEqualTo(term.multiply(term, DEADLINE).multiply(term, DEADLINE));
        assertThat(X.pow(0, DEADLINE)).as("a symbol to the power 0").isEqualTo(Polynomial.ONE);
        assertThat(X.add(Y).pow(0, DEADLINE)).isEqualTo(Polynomial.ONE);
    }

    @Test
    void aNegativeExponentBelongsToRationalExpressions() {
        assertThatThrownBy(() -> X.pow(-1, DEADLINE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative exponent -1; use RationalExpression.pow");
    }

    @Test
    void anExpansionWithTooManyTermsIsRefused() {
        Polynomial sum = Polynomial.ZERO;
        for (int k = 0; k < 10; k++) {
            sum = sum.add(Polynomial.term(Rational.ONE, Monomial.symbol("x" + k)));
        }
        Polynomial tenSymbols = sum;
        assertThatThrownBy(() -> tenSymbols.pow(10, DEADLINE)).isInstanceOf(AnswerTooLargeException.class)
                .hasMessageStartingWith("too large to verify: expansion with more than 4096 terms");
    }

    @Test
    void constantsAreRecognisedAndSymbolFreeMeansNoSymbol() {
        assertThat(constant(7).constantValue()).contains(Rational.of(7));
        assertThat(Polynomial.ZERO.constantValue()).contains(Rational.ZERO);
        assertThat(X.constantValue()).isEmpty();
        assertThat(sqrt(2).constantValue()).as("a root is not rational").isEmpty();
        assertThat(sqrt(2).isSymbolFree()).isTrue();
        assertThat(X.add(Polynomial.ONE).isSymbolFree()).isFalse();
    }

    @Test
    void theLeadingCoefficientIsThatOfTheHighestDegreeTerm() {
        Polynomial p = X.pow(2, DEADLINE).scale(Rational.of(-5)).add(X.scale(Rational.of(7)));
        assertThat(p.leadingCoefficient()).isEqualTo(Rational.of(-5));
        assertThat(Polynomial.ZERO.leadingCoefficient()).isEqualTo(Rational.ZERO);
    }

    @Test
    void bigCoefficientsStayExact() {
        Polynomial big = X.scale(Rational.of(new BigInteger("99999999999999999999")));
        assertThat(big.multiply(big, DEADLINE).leadingCoefficient().numerator())
                .isEqualTo(new BigInteger("9999999999999999999800000000000000000001"));
    }
}
