package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CharTokenizerTest {

    private final CharTokenizer tokenizer = new CharTokenizer();

    @Test
    void roundTripsEveryPrintableAsciiCharacterAndNewlines() {
        String ascii = IntStream.rangeClosed(' ', '~').mapToObj(c -> String.valueOf((char) c))
                .collect(Collectors.joining()) + "\nnext line";

        assertThat(tokenizer.decode(tokenizer.encode(ascii))).isEqualTo(ascii);
        assertThat(tokenizer.encode(ascii)).hasSize(ascii.length());
    }

    @Test
    void roundTripsReasoningThatSwitchesToChineseMidSentence() {
        String text = "<think>7+8=15，写5，进1。 4+3+1=8, write 8. 所以85</think><answer>85</answer><eos>";

        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
    }

    @Test
    void encodesEverySpecialTokenAsOneId() {
        for (SpecialToken special : SpecialToken.values()) {
            assertThat(tokenizer.encode(special.text())).containsExactly(tokenizer.id(special));
        }
        assertThat(tokenizer.encode("<think>1</think>")).hasSize(3);
    }

    @Test
    void givesSpecialTokensDistinctIdsBelowTheOrdinaryCharacters() {
        assertThat(tokenizer.id(SpecialToken.PAD)).isZero();
        assertThat(tokenizer.id(SpecialToken.EOS)).isEqualTo(1);
        assertThat(tokenizer.encode("a")[0]).isGreaterThanOrEqualTo(SpecialToken.values().length);
    }

    @Test
    void endsAtTheEosTokenAndPadsWithThePadToken() {
        assertThat(tokenizer.endIds()).containsExactly(tokenizer.id(SpecialToken.EOS));
        assertThat(tokenizer.padId()).isEqualTo(tokenizer.id(SpecialToken.PAD));
    }

    @Test
    void encodesAnAngleBracketThatStartsNoSpecialTokenAsPlainCharacters() {
        assertThat(tokenizer.decode(tokenizer.encode("3<4 <thin"))).isEqualTo("3<4 <thin");
        assertThat(tokenizer.encode("<thin")).hasSize(5);
    }

    @Test
    void hasAboutOneHundredAndFiftyIdsCoveringTheCjkSet() {
        assertThat(tokenizer.vocabularySize()).isBetween(140, 160);
        assertThat(CharTokenizer.CJK_CHARACTERS.codePoints()).allMatch(tokenizer::covers);
        assertThat(IntStream.of(tokenizer.encode(CharTokenizer.CJK_CHARACTERS))).allMatch(id -> id < tokenizer.vocabularySize());
    }

    @Test
    void rejectsACharacterOutsideTheVocabularyNamingItAndWhereItIs() {
        assertThatThrownBy(() -> tokenizer.encode("12é"))
                .isInstanceOf(UnknownCharacterException.class)
                .hasMessageContaining("'é'").hasMessageContaining("U+00E9").hasMessageContaining("index 2");
        assertThatThrownBy(() -> tokenizer.encode("a\uD83D\uDE00"))
                .isInstanceOfSatisfying(UnknownCharacterException.class,
                        e -> assertThat(e.codePoint()).isEqualTo(0x1F600));
    }

    @Test
    void rejectsDecodingAnIdOutsideTheVocabulary() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {7, tokenizer.vocabularySize()}))
                .isInstanceOfSatisfying(TokenIdOutOfRangeException.class,
                        e -> assertThat(e.tokenId()).isEqualTo(tokenizer.vocabularySize()))
                .hasMessageContaining("position 1");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {-1})).isInstanceOf(TokenIdOutOfRangeException.class);
    }
}
