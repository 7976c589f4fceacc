package dev.grpo.policy.tokenizer;

import dev.grpo.policy.TokenIdOutOfRangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HfTokenizerTest {

    private HfTokenizer tokenizer;

    @BeforeEach
    void load() throws URISyntaxException {
        tokenizer = HfTokenizer.load(resource("tokenizer.json"));
    }

    @AfterEach
    void close() {
        tokenizer.close();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(HfTokenizerTest.class.getResource("/tokenizer/" + name).toURI());
    }

    @Test
    void encodesWithTheWordLevelVocabularyOfTheFile() {
        assertThat(tokenizer.encode("the answer is 42")).containsExactly(7, 8, 9, 10);
    }

    @Test
    void roundTripsPlainTextAndNonAsciiTokens() {
        assertThat(tokenizer.decode(tokenizer.encode("the answer is 42"))).isEqualTo("the answer is 42");
        assertThat(tokenizer.decode(tokenizer.encode("七 plus 七"))).isEqualTo("七 plus 七");
    }

    @Test
    void encodesSpecialTokensAsSingleIdsAndDecodesThemBack() {
        int[] ids = tokenizer.encode("<think>the answer</think><answer>42</answer>");

        assertThat(ids).containsExactly(2, 7, 8, 3, 4, 10, 5);
        assertThat(tokenizer.decode(ids)).contains("<think>", "</think>", "<answer>", "42", "</answer>");
    }

    @Test
    void knowsTheIdOfEverySpecialTokenAndTheVocabularySize() {
        assertThat(tokenizer.id(SpecialToken.PAD)).isZero();
        assertThat(tokenizer.id(SpecialToken.EOS)).isEqualTo(1);
        assertThat(tokenizer.id(SpecialToken.ANSWER_CLOSE)).isEqualTo(5);
        assertThat(tokenizer.vocabularySize()).isEqualTo(15);
    }

    @Test
    void rejectsDecodingAnIdOutsideTheVocabulary() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {15})).isInstanceOf(TokenIdOutOfRangeException.class);
    }

    @Test
    void rejectsAFileThatLacksASpecialToken() {
        assertThatThrownBy(() -> HfTokenizer.load(resource("without-think.tokenizer.json")))
                .isInstanceOf(InvalidTokenizerException.class)
                .hasMessageContaining("<think>").hasMessageContaining("THINK_OPEN");
    }

    @Test
    void acceptsOtherNamesForTheSpecialTokens() throws URISyntaxException {
        Map<SpecialToken, String> names = new EnumMap<>(SpecialToken.class);
        for (SpecialToken special : SpecialToken.values()) {
            names.put(special, special.text());
        }
        names.put(SpecialToken.EOS, "<unk>");

        try (HfTokenizer renamed = HfTokenizer.load(resource("tokenizer.json"), names)) {
            assertThat(renamed.id(SpecialToken.EOS)).isEqualTo(6);
        }
    }

    @Test
    void rejectsAMissingFile() {
        assertThatThrownBy(() -> HfTokenizer.load(Path.of("does/not/exist/tokenizer.json")))
                .isInstanceOf(InvalidTokenizerException.class).hasMessageContaining("does/not/exist");
    }
}
