package dev.grpo.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The final answer of GSM8K and MATH solutions, as the accuracy reward needs it for the ground truth. */
class AnswerFormatTest {

    private static final String GSM8K_SOLUTION = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n"
            + "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72";

    @Test
    void gsm8kTakesWhatFollowsTheMarkOnItsLine() {
        assertThat(AnswerFormat.GSM8K.finalAnswer(GSM8K_SOLUTION)).isEqualTo("72");
        assertThat(AnswerFormat.GSM8K.finalAnswer("so\n####   18  \n")).isEqualTo("18");
        assertThat(AnswerFormat.GSM8K.finalAnswer("#### 5\nthen #### 6")).isEqualTo("6");
    }

    @Test
    void gsm8kNumbersLoseTheirThousandsCommasAndKeepSignAndDecimals() {
        assertThat(AnswerFormat.GSM8K.finalAnswer("#### 1,000")).isEqualTo("1000");
        assertThat(AnswerFormat.GSM8K.finalAnswer("#### 1,234,567.50")).isEqualTo("1234567.50");
        assertThat(AnswerFormat.GSM8K.finalAnswer("#### -7")).isEqualTo("-7");
        assertThat(AnswerFormat.GSM8K.finalAnswer("#### -3,000")).isEqualTo("-3000");
        assertThat(AnswerFormat.GSM8K.finalAnswer("#### 0.25")).isEqualTo("0.25");
    }

    @Test
    void gsm8kLeavesAnAnswerThatIsNoNumberAsItIs() {
        assertThat(AnswerFormat.GSM8K.finalAnswer("#### 3/4")).isEqualTo("3/4");
        assertThat(AnswerFormat.GSM8K.finalAnswer("#### red, blue")).isEqualTo("red, blue");
    }

    @Test
    void gsm8kWithoutAMarkOrWithNothingAfterItHasNoFinalAnswer() {
        assertThatThrownBy(() -> AnswerFormat.GSM8K.finalAnswer("72")).hasMessage("no \"####\" final answer");
        assertThatThrownBy(() -> AnswerFormat.GSM8K.finalAnswer("so #### \nmore"))
                .hasMessage("nothing after \"####\"");
    }

    @Test
    void boxedTakesTheContentOfTheLastBoxWithNestedBraces() {
        assertThat(AnswerFormat.BOXED.finalAnswer("so $x=\\boxed{\\frac{1}{2}}$.")).isEqualTo("\\frac{1}{2}");
        assertThat(AnswerFormat.BOXED.finalAnswer("\\boxed{\\sqrt{\\frac{a^{2}}{b}}}")).isEqualTo("\\sqrt{\\frac{a^{2}}{b}}");
        assertThat(AnswerFormat.BOXED.finalAnswer("first \\boxed{-2}, then \\boxed{ 2 }.")).isEqualTo("2");
    }

    @Test
    void boxedTreatsEscapedBracesAsContent() {
        assertThat(AnswerFormat.BOXED.finalAnswer("$\\boxed{\\{1,2,3\\}}$")).isEqualTo("\\{1,2,3\\}");
        assertThat(AnswerFormat.BOXED.finalAnswer("$\\boxed{\\}}$")).isEqualTo("\\}");
    }

    @Test
    void boxedReadsFboxAndTheBraceLessForm() {
        assertThat(AnswerFormat.BOXED.finalAnswer("\\fbox{42}")).isEqualTo("42");
        assertThat(AnswerFormat.BOXED.finalAnswer("so $\\boxed 5$.")).isEqualTo("5");
        assertThat(AnswerFormat.BOXED.finalAnswer("so \\boxed {7}")).isEqualTo("7");
    }

    @Test
    void boxedWithoutABoxOrWithBrokenBracesHasNoFinalAnswer() {
        assertThatThrownBy(() -> AnswerFormat.BOXED.finalAnswer("x = 2")).hasMessage("no \\boxed{...} final answer");
        assertThatThrownBy(() -> AnswerFormat.BOXED.finalAnswer("\\boxed{\\frac{1}{2}"))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> AnswerFormat.BOXED.finalAnswer("\\boxed{}")).hasMessageContaining("empty");
    }

    @Test
    void autoPrefersTheGsm8kMarkThenTheLastBoxThenTheTextAsItIs() {
        assertThat(AnswerFormat.AUTO.finalAnswer(GSM8K_SOLUTION)).isEqualTo("72");
        assertThat(AnswerFormat.AUTO.finalAnswer("\\boxed{3} #### 1,500")).isEqualTo("1500");
        assertThat(AnswerFormat.AUTO.finalAnswer("so \\boxed{\\frac{1}{2}}")).isEqualTo("\\frac{1}{2}");
        assertThat(AnswerFormat.AUTO.finalAnswer("1,000")).isEqualTo("1,000");
        assertThat(AnswerFormat.AUTO.finalAnswer(" 4 ")).isEqualTo(" 4 ");
    }

    @Test
    void plainKeepsTheTextAsItIs() {
        assertThat(AnswerFormat.PLAIN.finalAnswer(GSM8K_SOLUTION)).isEqualTo(GSM8K_SOLUTION);
    }

    @Test
    void formatsAreNamedInLowerCaseAndAnUnknownNameListsThem() {
        assertThat(AnswerFormat.named("gsm8k")).isEqualTo(AnswerFormat.GSM8K);
        assertThat(AnswerFormat.named("Boxed")).isEqualTo(AnswerFormat.BOXED);
        assertThat(AnswerFormat.GSM8K).hasToString("gsm8k");
        assertThatThrownBy(() -> AnswerFormat.named("latex"))
                .hasMessage("unknown answer format 'latex': expected one of auto, plain, gsm8k, boxed");
    }
}
