package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "50\\%|50",
        "50%|50",
        "\\dfrac{1}{2}|\\frac{1}{2}",
        "\\frac12|\\frac{1}{2}",
        "\\sqrt3|\\sqrt{3}",
        "1,000,000|1000000",
        "12 cm|12",
        "The final answer is 7.|7",
        "  0012 |0012"})
    void presentationThatNeverChangesAValueIsRemoved(String answer, String normalised) {
        assertThat(AnswerText.normalise(answer)).isEqualTo(normalised);
    }
}
