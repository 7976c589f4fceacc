package dev.grpo.streams;

import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.UnscorableCompletionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LanguageConsistencyRewardTest {

    private final LanguageConsistencyReward consistency = new LanguageConsistencyReward();

    @Test
    void englishReasoningForAnEnglishPromptScoresOne() {
        assertThat(score("<think>First add the units, then carry the tens.</think><answer>42</answer>", "en"))
                .isEqualTo(1.0);
    }

    @Test
    void eachChineseCharacterIsOneWord() {
        // 4 Han characters and 2 English words
        assertThat(score("<think>\u9996\u5148\u8ba1\u7b97 then add</think><answer>579</answer>", "zh"))
                .isEqualTo(4.0 / 6.0);
    }

    @Test
    void chineseReasoningForAChinesePromptScoresOne() {
        assertThat(score("<think>\u9996\u5148\u8ba1\u7b97 123 + 456 = 579\u3002</think><answer>579</answer>", "zh"))
                .isEqualTo(1.0);
    }

    @Test
    void chineseReasoningForAnEnglishPromptScoresZero() {
        assertThat(score("<think>\u9996\u5148\u8ba1\u7b97</think><answer>579</answer>", "en")).isZero();
    }

    @Test
    void digitsMathAndLatexAreNotWords() {
        // words: two Han characters and "and"
        assertThat(score("<think>\u8ba1\u7b97 $\\frac{a}{b} + c$ and \\sqrt{2}, x + 3 = 5, 123 * 456</think>", "zh"))
                .isEqualTo(2.0 / 3.0);
    }

    @Test
    void reasoningWithoutWordsScoresOne() {
        assertThat(score("<think>123 + 456 = 579</think><answer>579</answer>", "zh")).isEqualTo(1.0);
        assertThat(score("<think></think><answer>579</answer>", "en")).isEqualTo(1.0);
    }

    @Test
    void onlyTheReasoningIsJudged() {
        assertThat(score("<think>add them</think><answer>\u4e94\u767e</answer>", "en")).isEqualTo(1.0);
    }

    @Test
    void japaneseCountsKanaAndKanji() {
        assertThat(score("<think>\u307e\u305a\u8a08\u7b97\u3057\u307e\u3059</think>", "ja")).isEqualTo(1.0);
        assertThat(score("<think>\u307e\u305a\u8a08\u7b97\u3057\u307e\u3059</think>", "zh")).isEqualTo(2.0 / 7.0);
    }

    @Test
    void homoglyphWordsMixingScriptsAreNotInLanguage() {
        // "p\u0430per": the second letter is Cyrillic
        assertThat(score("<think>p\u0430per plan</think>", "en")).isEqualTo(0.5);
    }

    @Test
    void regionAndScriptSubtagsAreUnderstood() {
        assertThat(score("<think>\u8ba1\u7b97</think>", "zh-Hant-TW")).isEqualTo(1.0);
        assertThat(score("<think>dobar dan</think>", "sr-Latn")).isEqualTo(1.0);
        assertThat(score("<think>\u0434\u043e\u0431\u0430\u0440</think>", "sr")).isEqualTo(1.0);
        assertThat(score("<think>think</think>", "en_US")).isEqualTo(1.0);
    }

    @Test
    void anUnclosedThinkBlockIsJudgedToTheEnd() {
        assertThat(score("<think>\u9996\u5148 then", "zh")).isEqualTo(2.0 / 3.0);
    }

    @Test
    void anUnknownLanguageIsUnscorable() {
        assertThatThrownBy(() -> score("<think>x</think>", "xx"))
                .isInstanceOf(UnscorableCompletionException.class)
                .hasMessageContaining("'xx'");
    }

    private double score(String completion, String language) {
        return consistency.score(Completion.of(completion, "", language)).value();
    }
}
