package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntegerLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "-7", "0012", "123456789012345678901234567890"})
    void plainDecimalIntegersAreLiterals(String text) {
        assertThat(IntegerLiteral.is(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+7", " 7", "7 ", "1,234", "1.0", "1e3", "\uff17", "--7", "7-", "x"})
    void anythingElseIsLeftToTheFullCheck(String text) {
        assertThat(IntegerLiteral.is(text)).isFalse();
    }

    @Test
    void leadingZerosAndTheSignOfZeroDoNotChangeTheValue() {
        assertThat(IntegerLiteral.sameValue("0012", "12")).isTrue();
        assertThat(IntegerLiteral.sameValue("-0", "0")).isTrue();
        assertThat(IntegerLiteral.sameValue("-000", "0")).isTrue();
        assertThat(IntegerLiteral.sameValue("-012", "-12")).isTrue();
    }

    @Test
    void everyDigitCounts() {
        assertThat(IntegerLiteral.sameValue("123456789012345678", "123456789012345679")).isFalse();
        assertThat(IntegerLiteral.sameValue("12", "-12")).isFalse();
        assertThat(IntegerLiteral.sameValue("120", "12")).isFalse();
    }
}
