package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinalAnswerTest {

    @Test
    void theAnswerTagAfterTheReasoningHoldsTheAnswer() {
        assertThat(FinalAnswer.candidates("<think>maybe <answer>3</answer></think> <answer> 42 </answer>"))
                .containsExactly("42");
    }

    @Test
    void aBoxInsideTheAnswerTagWins() {
        assertThat(FinalAnswer.candidates("<answer>so it is \\boxed{\\frac{1}{2}}.</answer>"))
                .containsExactly("\\frac{1}{2}");
    }

    @Test
    void withoutAnswerTagsTheLastBoxCounts() {
        assertThat(FinalAnswer.candidates("first \\boxed{1}, then \\fbox{2}, finally \\boxed {3}")).containsExactly("3");
    }

    @Test
    void severalAnswerTagsAreSeveralAnswers() {
        assertThat(FinalAnswer.candidates("<answer>1</answer> or <answer>\\boxed{2}\\boxed{3}</answer>"))
                .containsExactly("1", "2", "3");
    }

    @Test
    void bracesInsideABoxAreMatched() {
        assertThat(FinalAnswer.boxed("\\boxed{\\sqrt{x^{2}}}")).containsExactly("\\sqrt{x^{2}}");
    }

    @Test
    void noTagsAndNoBoxOrAnUnclosedOneIsNoAnswer() {
        assertThat(FinalAnswer.candidates("the answer is 42")).isEmpty();
        assertThat(FinalAnswer.candidates("\\boxed{42")).isEmpty();
        assertThat(FinalAnswer.candidates("<answer>42")).isEmpty();
    }
}
