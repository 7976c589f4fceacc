package dev.grpo.streams.internal.rewards;

import dev.grpo.streams.spi.Completion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FormatRewardTest {

    private final FormatReward format = new FormatReward();

    @ParameterizedTest
    @ValueSource(strings = {
        "<think>12 + 30 = 42</think><answer>42</answer>",
        "  <think>\nreasoning\n</think>\n\n<answer> 42 </answer>\n",
        "<think></think><answer>42</answer>",
        "<think>\u9996\u5148 123 + 456 = 579</think> <answer>579</answer>"})
    void thinkThenAnswerScoresOne(String completion) {
        assertThat(score(completion)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "42",
        "<answer>42</answer>",
        "<think>reasoning</think>",
        "<think>reasoning</think>so <answer>42</answer>",
        "preamble <think>reasoning</think><answer>42</answer>",
        "<think>reasoning</think><answer>42</answer> trailing",
        "<answer>42</answer><think>reasoning</think>",
        "<think>a</think><answer>1</answer><answer>2</answer>",
        "<think>a <think> b</think><answer>1</answer>",
        "<think>a</think><answer>   </answer>",
        "<think>a</think><answer>42"})
    void anythingElseScoresZero(String completion) {
        assertThat(score(completion)).isZero();
    }

    @Test
    void aPromptEndingInThinkOpensTheReasoningBlock() {
        Completion continued = new Completion("User: 2+2? Assistant: <think>", "2+2=4</think><answer>4</answer>",
                "4", "en", "arithmetic", 0, 0, "STOP", "");

        assertThat(format.score(continued).value()).isEqualTo(1.0);
    }

    private double score(String completion) {
        return format.score(Completion.of(completion, "42", "en")).value();
    }
}
