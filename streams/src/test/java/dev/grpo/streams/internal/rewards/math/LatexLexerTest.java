package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.streams.internal.rewards.math.Token.Kind;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatexLexerTest {

    private static List<Token> tokens(String text) {
        return LatexLexer.tokens(text, Deadline.after(Duration.ofMinutes(1)));
    }

    /** Each token as KIND:text, without the END token. */
    private static List<String> lexed(String text) {
        List<Token> tokens = tokens(text);
        assertThat(tokens.get(tokens.size() - 1).kind()).isEqualTo(Kind.END);
        return tokens.subList(0, tokens.size() - 1).stream().map(t -> t.kind() + ":" + t.text()).toList();
    }

    @Test
    void everyAnswerEndsWithAnEndToken() {
        assertThat(tokens("")).singleElement().extracting(Token::kind).isEqualTo(Kind.END);
    }

    @Test
    void numbersCarryTheirExactValue() {
        List<Token> tokens = tokens("12 0.125 .5");
        assertThat(tokens).extracting(Token::value).containsExactly(Rational.of(12),
                Rational.of(BigInteger.ONE, BigInteger.valueOf(8)), Rational.of(BigInteger.ONE, BigInteger.TWO), null);
        assertThat(tokens).extracting(Token::text).startsWith("12", "0.125", ".5");
    }

    @Test
    void aRepeatingDecimalIsItsExactFraction() {
        assertThat(tokens("0.1\\overline{6}").get(0).value())
                .isEqualTo(Rational.of(BigInteger.ONE, BigInteger.valueOf(6)));
        assertThat(tokens("0.\\overline{3}").get(0).value())
                .isEqualTo(Rational.of(BigInteger.ONE, BigInteger.valueOf(3)));
        assertThatThrownBy(() -> tokens("0.\\overline{x}")).isInstanceOf(UnverifiableAnswerException.class)
                .hasMessage("malformed repeating decimal after 0.");
    }

    @Test
    void lettersAreSingleSymbolsSoTwoLettersAreAProduct() {
        assertThat(lexed("xy")).containsExactly("SYMBOL:x", "SYMBOL:y");
    }

    @Test
    void aWordOfThreeOrMoreLettersIsNotMath() {
        assertThatThrownBy(() -> tokens("yes")).isInstanceOf(UnverifiableAnswerException.class)
                .hasMessage("the word 'yes' is not math");
    }

    @Test
    void functionNamesAndPiAreKnownWordsWithOrWithoutABackslash() {
        assertThat(lexed("sin x")).containsExactly("FUNCTION:sin", "SYMBOL:x");
        assertThat(lexed("\\ln(2)")).containsExactly("FUNCTION:ln", "OPEN:(", "NUMBER:2", "CLOSE:)");
        assertThat(lexed("pi")).containsExactly("SYMBOL:pi");
        assertThat(lexed("\\pi")).containsExactly("SYMBOL:pi");
        assertThat(lexed("\\theta")).containsExactly("SYMBOL:theta");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\\cdot|OPERATOR:*", "\\times|OPERATOR:*", "\\div|OPERATOR:/", "\\le|RELATION:<=", "\\geq|RELATION:>=",
        "\\neq|RELATION:!=", "\\pm|PLUS_MINUS:+", "\\mp|PLUS_MINUS:-", "\\infty|SYMBOL:infinity",
        "\\frac|COMMAND:frac", "\\sqrt|COMMAND:sqrt", "\\binom|COMMAND:binom", "\\{|OPEN:\\{"})
    void latexCommandsBecomeTheirPlainMeaning(String latex, String token) {
        assertThat(lexed(latex)).containsExactly(token);
    }

    @Test
    void plainTextOperatorsRelationsAndSeparators() {
        assertThat(lexed("a<=b, c!=d; e>f")).containsExactly("SYMBOL:a", "RELATION:<=", "SYMBOL:b", "SEPARATOR:,",
                "SYMBOL:c", "RELATION:!=", "SYMBOL:d", "SEPARATOR:;", "SYMBOL:e", "RELATION:>", "SYMBOL:f");
        assertThat(lexed("2^3!")).containsExactly("NUMBER:2", "OPERATOR:^", "NUMBER:3", "OPERATOR:!");
    }

    @Test
    void orAndAndSeparateAlternatives() {
        assertThat(lexed("1 or 2 AND 3 或 4 \\lor 5")).filteredOn(t -> t.startsWith("SEPARATOR"))
                .containsExactly("SEPARATOR:or", "SEPARATOR:or", "SEPARATOR:or", "SEPARATOR:or");
    }

    @Test
    void aSubscriptBecomesPartOfTheSymbolsName() {
        assertThat(lexed("x_1 + x_{12} + \\alpha_0")).containsExactly("SYMBOL:x_1", "OPERATOR:+", "SYMBOL:x_12",
                "OPERATOR:+", "SYMBOL:alpha_0");
        assertThatThrownBy(() -> tokens("x_{1")).hasMessage("unclosed subscript");
        assertThatThrownBy(() -> tokens("x_")).hasMessage("empty subscript");
    }

    @Test
    void whiteSpaceIsRememberedOnTheNextToken() {
        List<Token> tokens = tokens("1 2x");
        assertThat(tokens).extracting(Token::spaceBefore).containsExactly(false, true, false, false);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"2 & 3|unexpected character '&' in a math answer",
        "\\alpha\\beta\\foo|unsupported LaTeX command \\foo", "\\$|unsupported escape '\\$'"})
    void anythingElseIsRefusedWithOneClearMessage(String text, String message) {
        assertThatThrownBy(() -> tokens(text)).isInstanceOf(UnverifiableAnswerException.class).hasMessage(message);
    }

    @Test
    void aPassedDeadlineStopsTheLexer() {
        Deadline passed = Deadline.after(Duration.ZERO, () -> 0L);
        assertThatThrownBy(() -> LatexLexer.tokens("1", passed)).isInstanceOf(DeadlineExceededException.class);
    }
}
