package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.streams.internal.rewards.math.Verdict.Outcome;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnswerEquivalenceTest {

    private static final Duration BUDGET = Duration.ofSeconds(5);

    static Stream<Arguments> equivalent() {
        return Stream.of(
                // multi-digit arithmetic, the synthetic task
                Arguments.of("579", "579"),
                Arguments.of("12345", "12345"),
                Arguments.of("12,345", "12345"),
                Arguments.of("12345", "12,345"),
                Arguments.of("1,234,567", "1234567"),
                Arguments.of("1{,}234{,}567", "1234567"),
                Arguments.of("1\\,234\\,567", "1234567"),
                Arguments.of("1 234 567", "1234567"),
                Arguments.of("12345.0", "12345"),
                Arguments.of("012345", "12345"),
                Arguments.of("-42", "-42"),
                Arguments.of("\u221242", "-42"),
                Arguments.of("-0", "0"),
                Arguments.of("+7", "7"),
                Arguments.of("\uff15\uff17\uff19", "579"),
                Arguments.of("579\u5143", "579"),
                Arguments.of("\u7b54\u6848\u662f 579", "579"),
                Arguments.of("The answer is 579.", "579"),
                Arguments.of("$579$", "579"),
                Arguments.of("\\(579\\)", "579"),
                Arguments.of("123456789012345678", "123456789012345678"),
                Arguments.of("98765432109876543210 * 2", "197530864219753086420"),
                Arguments.of("10^{18}+1", "1000000000000000001"),
                Arguments.of("2^10", "1024"),
                Arguments.of("2^{-99}", "\\frac{1}{2^{99}}"),
                Arguments.of("123 \\times 456", "56088"),
                // fractions, decimals, percent
                Arguments.of("\\frac{1}{2}", "0.5"),
                Arguments.of("\\dfrac{1}{2}", "\\frac12"),
                Arguments.of("\\tfrac{3}{4}", "0.75"),
                Arguments.of("1/2", "2/4"),
                Arguments.of(".5", "1/2"),
                Arguments.of("0.1 + 0.2", "0.3"),
                Arguments.of("\\frac{-1}{2}", "-\\frac{1}{2}"),
                Arguments.of("0.\\overline{3}", "\\frac{1}{3}"),
                Arguments.of("0.1\\overline{6}", "\\frac{1}{6}"),
                Arguments.of("50\\%", "50"),
                Arguments.of("2\\frac{1}{2}", "\\frac{5}{2}"),
                Arguments.of("-2\\frac{1}{2}", "-2.5"),
                Arguments.of("\\frac{6}{4}", "1.5"),
                Arguments.of("\u00bd", "0.5"),
                // units, degrees, prefixes, text
                Arguments.of("5 \\text{ cm}", "5"),
                Arguments.of("5\\text{cm}^2", "5"),
                Arguments.of("5 cm", "5"),
                Arguments.of("12 dollars", "12"),
                Arguments.of("\\$12", "12"),
                Arguments.of("90^\\circ", "90"),
                Arguments.of("90^{\\circ}", "90"),
                Arguments.of("90\u00b0", "90"),
                Arguments.of("x = 5", "5"),
                Arguments.of("x=5", "x = 5"),
                Arguments.of("\\theta = \\frac{\\pi}{2}", "\\frac{\\pi}{2}"),
                Arguments.of("y = 2x + 1", "2x+1"),
                Arguments.of("\\left( 1, 2 \\right)", "(1,2)"),
                Arguments.of("\\text{(C)}", "C"),
                Arguments.of("(b)", "B"),
                Arguments.of("Yes", "yes"),
                Arguments.of("\\mathrm{i}", "i"),
                // radicals and constants
                Arguments.of("\\sqrt{8}", "2\\sqrt{2}"),
                Arguments.of("\\sqrt{12}", "2\\sqrt3"),
                Arguments.of("\\frac{\\sqrt{2}}{2}", "\\frac{1}{\\sqrt{2}}"),
                Arguments.of("\\frac{\\sqrt{3}}{3}", "\\frac{1}{\\sqrt{3}}"),
                Arguments.of("\\sqrt{\\frac{1}{2}}", "\\frac{\\sqrt2}{2}"),
                Arguments.of("\\sqrt{2}\\sqrt{3}", "\\sqrt{6}"),
                Arguments.of("\\sqrt{2}^2", "2"),
                Arguments.of("(1+\\sqrt{2})^2", "3+2\\sqrt{2}"),
                Arguments.of("\\frac{1}{1+\\sqrt{2}}", "\\sqrt{2}-1"),
                Arguments.of("\\sqrt[3]{27}", "3"),
                Arguments.of("8^{1/3}", "2"),
                Arguments.of("4^{\\frac{1}{2}}", "2"),
                Arguments.of("\\sqrt{-4}", "2i"),
                Arguments.of("(1+i)^2", "2i"),
                Arguments.of("\\frac{1}{i}", "-i"),
                Arguments.of("3\\pi", "\\pi \\cdot 3"),
                Arguments.of("\\frac{\\pi}{2}", "0.5\\pi"),
                Arguments.of("2\\pi r", "2r\\pi"),
                Arguments.of("\u221a2", "\\sqrt{2}"),
                // symbolic algebra
                Arguments.of("(x+1)^2", "x^2+2x+1"),
                Arguments.of("x^2 - 1", "(x-1)(x+1)"),
                Arguments.of("\\frac{x^2-1}{x-1}", "x+1"),
                Arguments.of("\\frac{x+1}{2}", "\\frac{x}{2} + \\frac{1}{2}"),
                Arguments.of("x^{-1}", "\\frac{1}{x}"),
                Arguments.of("a^2b", "b a^2"),
                Arguments.of("x\u00b2+1", "x^2+1"),
                Arguments.of("\\frac{1}{x} + \\frac{1}{y}", "\\frac{x+y}{xy}"),
                Arguments.of("\\sin(x)", "\\sin x"),
                Arguments.of("2\\sin(x)", "\\sin(x) + \\sin(x)"),
                Arguments.of("x_1 + x_2", "x_2 + x_1"),
                Arguments.of("5!", "120"),
                Arguments.of("\\binom{5}{2}", "10"),
                Arguments.of("|-3|", "3"),
                // collections, relations
                Arguments.of("\\{1, 2\\}", "\\{2, 1\\}"),
                Arguments.of("2, -2", "\\pm 2"),
                Arguments.of("x = 2 or x = -2", "\\pm 2"),
                Arguments.of("-2, 2", "2, -2"),
                Arguments.of("(1, 2)", "(1,2)"),
                Arguments.of("[0, 1)", "[0,1)"),
                Arguments.of("x > 3", "3 < x"),
                Arguments.of("x \\ge 2", "x \\geq 2"),
                Arguments.of("2x - y + 1 = 0", "y = 2x + 1"),
                Arguments.of("\\{3\\}", "3"),
                Arguments.of("3 or 3", "3"),
                Arguments.of("\\pm 0", "0"));
    }

    static Stream<Arguments> different() {
        return Stream.of(
                // precision traps: never rounded
                Arguments.of("2^{-99}", "2^{-98}"),
                Arguments.of("\\frac{1}{2^{99}}", "\\frac{1}{2^{98}}"),
                Arguments.of("123456789012345678", "123456789012345679"),
                Arguments.of("999999999999999999", "1000000000000000000"),
                Arguments.of("10^{18}", "10^{18}+1"),
                Arguments.of("0.333", "\\frac{1}{3}"),
                Arguments.of("0.3333333333333333", "\\frac13"),
                Arguments.of("3.14", "\\pi"),
                Arguments.of("3.14159265358979", "\\pi"),
                Arguments.of("1.4142135623730951", "\\sqrt{2}"),
                Arguments.of("0.30000000000000004", "0.3"),
                Arguments.of("1e-30", "0"),
                // plain wrong arithmetic
                Arguments.of("578", "579"),
                Arguments.of("12354", "12345"),
                Arguments.of("1,234", "1243"),
                Arguments.of("-579", "579"),
                Arguments.of("56089", "123 \\times 456"),
                Arguments.of("5 m", "5"),
                Arguments.of("2\\frac{3}{2}", "3.5"),
                Arguments.of("50\\%", "0.5"),
                // hedged or several answers
                Arguments.of("3 or 4", "3"),
                Arguments.of("3, 4", "3"),
                Arguments.of("3 \\text{ or } 4", "4"),
                Arguments.of("3 and 4", "3"),
                Arguments.of("either 3 or 4", "3"),
                Arguments.of("3 \u6216 4", "3"),
                Arguments.of("\\pm 2", "2"),
                Arguments.of("x = 2 or x = -2", "2"),
                Arguments.of("3; 4", "4"),
                // structure
                Arguments.of("(1, 2)", "(2, 1)"),
                Arguments.of("[0, 1]", "[0, 1)"),
                Arguments.of("(1, 2)", "\\{1, 2\\}"),
                Arguments.of("1, 2", "1, 2, 3"),
                Arguments.of("x > 3", "x \\ge 3"),
                Arguments.of("x < 3", "3 < x"),
                Arguments.of("x = 3", "x = 4"),
                Arguments.of("2", "x > 2"),
                // symbolic
                Arguments.of("(x+1)^2", "x^2+1"),
                Arguments.of("x^2+2x+1", "x^2+2x+2"),
                Arguments.of("\\sqrt{8}", "3\\sqrt{2}"),
                Arguments.of("\\sqrt{2}", "\\sqrt{3}"),
                Arguments.of("\\sqrt{2} + \\sqrt{3}", "\\sqrt{5}"),
                Arguments.of("i", "1"),
                Arguments.of("\\sqrt{-4}", "2"),
                Arguments.of("2\\pi", "\\pi^2"),
                Arguments.of("xy", "x + y"),
                Arguments.of("X", "x"),
                Arguments.of("\\sin(x)", "\\cos(x)"),
                Arguments.of("e", "2.718281828"),
                // words and unreadable answers
                Arguments.of("no", "yes"),
                Arguments.of("(B)", "C"),
                Arguments.of("I don't know", "5"),
                Arguments.of("\\frac{1}{0}", "0"),
                Arguments.of("\\mathbb{R}", "5"),
                Arguments.of("", "5"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("equivalent")
    void recognisesEquivalentAnswers(String answer, String truth) {
        assertThat(AnswerEquivalence.equivalent(answer, truth, Deadline.after(BUDGET))).isTrue();
    }

    @ParameterizedTest(name = "{0} != {1}")
    @MethodSource("different")
    void rejectsDifferentAnswers(String answer, String truth) {
        assertThat(AnswerEquivalence.equivalent(answer, truth, Deadline.after(BUDGET))).isFalse();
    }

    @Test
    void coversAtLeastAHundredCasesWithBothVerdicts() {
        assertThat(equivalent().count()).isGreaterThanOrEqualTo(50);
        assertThat(different().count()).isGreaterThanOrEqualTo(50);
        assertThat(equivalent().count() + different().count()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void takesTheAnswerFromTheAnswerBlock() {
        Verdict verdict = judge("<think>12 + 30 = 42</think>\n<answer>42</answer>", "42");

        assertThat(verdict.outcome()).isEqualTo(Outcome.CORRECT);
    }

    @Test
    void aBoxedValueInsideTheAnswerBlockWins() {
        assertThat(judge("<think>x</think><answer>so it is 41, i.e. \\boxed{42}</answer>", "42").outcome())
                .isEqualTo(Outcome.CORRECT);
    }

    @Test
    void withoutTagsTheLastBoxedValueCounts() {
        assertThat(judge("First \\boxed{41}, corrected: \\boxed{42}", "42").outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(judge("First \\boxed{42}, corrected: \\boxed{41}", "42").outcome()).isEqualTo(Outcome.WRONG);
    }

    @Test
    void nestedBracesInsideBoxedAreKept() {
        assertThat(judge("\\boxed{\\frac{1}{2}}", "0.5").outcome()).isEqualTo(Outcome.CORRECT);
    }

    @Test
    void answerTagsInsideTheReasoningAreNotTheFinalAnswer() {
        Verdict verdict = judge("<think>maybe <answer>41</answer></think><answer>42</answer>", "42");

        assertThat(verdict.outcome()).isEqualTo(Outcome.CORRECT);
    }

    @Test
    void twoDifferentAnswerBlocksAreHedged() {
        assertThat(judge("<think>x</think><answer>3</answer><answer>4</answer>", "3").outcome())
                .isEqualTo(Outcome.HEDGED);
    }

    @Test
    void twoDifferentBoxedValuesInTheAnswerAreHedged() {
        assertThat(judge("<think>x</think><answer>\\boxed{3} or \\boxed{4}</answer>", "3").outcome())
                .isEqualTo(Outcome.HEDGED);
    }

    @Test
    void aListAnsweringASingleValueIsHedged() {
        assertThat(judge("<answer>3 or 4</answer>", "3").outcome()).isEqualTo(Outcome.HEDGED);
    }

    @Test
    void aCompletionWithoutAnyAnswerHasNoAnswer() {
        assertThat(judge("<think>I think it is 42</think>", "42").outcome()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(judge("<think>x</think><answer>42", "42").outcome()).isEqualTo(Outcome.NO_ANSWER);
    }

    @Test
    void aMissingGroundTruthIsUnverifiable() {
        assertThat(judge("<answer>42</answer>", "").outcome()).isEqualTo(Outcome.UNVERIFIABLE);
    }

    @Test
    void chineseReasoningWithAnArithmeticAnswer() {
        Verdict verdict = judge("<think>\u9996\u5148\u8ba1\u7b97 123 + 456 = 579\u3002</think><answer>579</answer>", "579");

        assertThat(verdict.outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(verdict.detail()).isEqualTo("579");
    }

    @Test
    void anExpiredDeadlineTimesOutInsteadOfDeciding() {
        Deadline expired = Deadline.after(Duration.ZERO, () -> 0L);

        Verdict verdict = AnswerEquivalence.judge("<answer>(x+1)^{2}</answer>", "x^2+2x+1", expired);

        assertThat(verdict.outcome()).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void aDeadlineStopsAnExpensiveExpansionPartWay() {
        long[] ticks = {0};
        Deadline tenChecks = Deadline.after(Duration.ofNanos(10), () -> ticks[0]++);

        Verdict verdict = AnswerEquivalence.judge("<answer>(x+y+z+1)^{40}</answer>", "(1+x+y+z)^{40}", tenChecks);

        assertThat(verdict.outcome()).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void hugePowersAreRefusedRatherThanComputed() {
        Verdict verdict = judge("<answer>2^{1000000000}</answer>", "2^{999999999}");

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNVERIFIABLE);
    }

    @Test
    void identicalHugeAnswersStillMatchAsText() {
        assertThat(judge("<answer>2^{1000000000}</answer>", "2^{1000000000}").outcome()).isEqualTo(Outcome.CORRECT);
    }

    private static Verdict judge(String completion, String truth) {
        return AnswerEquivalence.judge(completion, truth, Deadline.after(BUDGET));
    }
}
