package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionParserTest {

    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));

    private static RationalExpression value(String text) {
        return value(text, 1);
    }

    private static RationalExpression value(String text, int plusMinusSign) {
        return ExpressionParser.evaluate(LatexLexer.tokens(text, DEADLINE), plusMinusSign, DEADLINE);
    }

    /** The rational value of a symbol-free, root-free expression, as text ("5/2"). */
    private static String rational(String text) {
        return value(text).rationalValue().orElseThrow(() -> new AssertionError(text + " is not rational")).toString();
    }

    private static boolean same(String left, String right) {
        return value(left).sameValueAs(value(right), DEADLINE);
    }

    @Nested
    class PrecedenceAndAssociativity {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {"2+3*4|14", "2*3+4|10", "(2+3)*4|20", "[2+3]*4|20", "10-4-3|3",
            "24/4/2|3", "2*3^2|18", "2^3^2|512", "2^10|1024", "2^{10}|1024", "2^-1|1/2", "(-2)^2|4", "24 \\div 4 \\cdot 2|12"})
        void followTheUsualRules(String expression, String value) {
            assertThat(rational(expression)).isEqualTo(value);
        }

        @Test
        void aPowerBindsTighterThanUnaryMinus() {
            assertThat(rational("-2^2")).isEqualTo("-4");
            assertThat(same("-x^2", "-(x^2)")).isTrue();
        }

        @Test
        void unaryMinusAndPlusNest() {
            assertThat(rational("--3")).isEqualTo("3");
            assertThat(rational("3*-2")).isEqualTo("-6");
            assertThat(rational("-(2-5)")).isEqualTo("3");
            assertThat(rational("+-+4")).isEqualTo("-4");
        }
    }

    @Nested
    class ImplicitMultiplication {

        @Test
        void bindsLikeExplicitMultiplication() {
            assertThat(same("2x", "2*x")).isTrue();
            assertThat(same("6/2x", "3x")).as("left to right, as 6/2*x").isTrue();
            assertThat(same("(x+1)(x-1)", "x^2-1")).isTrue();
            assertThat(same("2\\sqrt{3}", "\\sqrt{12}")).isTrue();
            assertThat(same("xy", "yx")).isTrue();
        }

        @Test
        void neverJoinsTwoBareNumbers() {
            assertThatThrownBy(() -> value("1 000")).isInstanceOf(UnverifiableAnswerException.class)
                    .hasMessage("unexpected '000' after an expression");
        }
    }

    @Nested
    class NumberForms {

        @Test
        void decimalsAreExact() {
            assertThat(same("0.1+0.2", "0.3")).isTrue();
            assertThat(rational("0.5+1/2")).isEqualTo("1");
            assertThat(rational("0.1\\overline{6}")).isEqualTo("1/6");
        }

        @Test
        void fractionsWithOrWithoutBraces() {
            assertThat(rational("\\frac{3}{4}")).isEqualTo("3/4");
            assertThat(rational("\\frac{6}{-8}")).isEqualTo("-3/4");
            assertThat(same("\\frac{1}{2}x", "\\frac{x}{2}")).isTrue();
            assertThat(same("\\frac x2", "x/2")).isTrue();
        }

        @Test
        void anIntegerBeforeAProperFractionIsAMixedNumber() {
            assertThat(rational("2\\frac{1}{2}")).isEqualTo("5/2");
            assertThat(rational("-2\\frac{1}{2}")).as("negative as a whole").isEqualTo("-5/2");
        }

        @Test
        void otherwiseANumberBeforeAFractionMultipliesIt() {
            assertThat(rational("2\\frac{3}{2}")).as("improper").isEqualTo("3");
            assertThat(rational("0.5\\frac{1}{2}")).as("a decimal").isEqualTo("1/4");
            assertThat(same("2\\frac{x}{3}", "2x/3")).as("not integers").isTrue();
        }

        @Test
        void numbersBeyondALongStayExact() {
            assertThat(rational("123456789012345678901234567890*10+1"))
                    .isEqualTo("1234567890123456789012345678901");
            assertThat(rational("2^{64}")).isEqualTo(BigInteger.TWO.pow(64).toString());
        }
    }

    @Nested
    class RootsPowersAndFunctions {

        @Test
        void squareRootsAreSimplified() {
            assertThat(same("\\sqrt{8}", "2\\sqrt{2}")).isTrue();
            assertThat(same("\\sqrt{-4}", "2i")).isTrue();
            assertThat(same("\\sqrt{\\frac{1}{2}}", "\\frac{\\sqrt{2}}{2}")).isTrue();
            assertThat(rational("4^{1/2}")).isEqualTo("2");
            assertThat(rational("x^0")).as("any symbol to the power 0").isEqualTo("1");
        }

        @Test
        void higherRootsAreExactWhereTheyExist() {
            assertThat(rational("\\sqrt[3]{27}")).isEqualTo("3");
            assertThat(rational("\\sqrt[3]{-8}")).isEqualTo("-2");
            assertThat(value("\\sqrt[3]{2}").rationalValue()).isEmpty();
            assertThatThrownBy(() -> value("\\sqrt[65]{2}")).hasMessage("root index must be an integer from 1 to 64");
        }

        @Test
        void factorialsBinomialsAndAbsoluteValues() {
            assertThat(rational("5!")).isEqualTo("120");
            assertThat(rational("\\binom{5}{2}")).isEqualTo("10");
            assertThat(rational("|-3|+|2-5|")).isEqualTo("6");
        }

        @Test
        void aFunctionIsAnOpaqueSymbolNamedAfterItsArgument() {
            assertThat(same("\\sin(x)", "\\sin x")).isTrue();
            assertThat(same("\\sin(2x)", "\\sin(x+x)")).isTrue();
            assertThat(same("\\sin x", "\\cos x")).isFalse();
            assertThat(same("\\sin^2 x", "(\\sin x)^2")).isTrue();
        }

        @Test
        void plusMinusTakesTheSignAskedFor() {
            assertThat(value("1 \\pm 2", 1).rationalValue()).contains(Rational.of(3));
            assertThat(value("1 \\pm 2", -1).rationalValue()).contains(Rational.of(-1));
            assertThat(value("1 \\mp 2", 1).rationalValue()).contains(Rational.of(-1));
        }
    }

    @Nested
    class MalformedInput {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "1/0|division by zero",
            "\\frac{1}{x-x}|division by zero",
            "(1+2|expected ')' but found ''",
            "2+|expression ends too early",
            "x = 1|unexpected '=' after an expression",
            "1, 2|unexpected ',' after an expression",
            "*2|unexpected '*'",
            "\\{1\\}|a set inside an expression",
            "2001!|factorial needs an integer from 0 to 2000, got 2001",
            "0^{-1}|zero to a negative power"})
        void isRefusedWithOneClearMessage(String expression, String message) {
            assertThatThrownBy(() -> value(expression)).isInstanceOf(UnverifiableAnswerException.class)
                    .hasMessage(message);
        }

        @Test
        void aHugePowerIsRefusedAsTooLargeInsteadOfComputed() {
            assertThatThrownBy(() -> value("3^{10000000}")).isInstanceOf(AnswerTooLargeException.class);
        }
    }
}
