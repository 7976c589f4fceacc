package dev.grpo.coderewards.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which text of a completion is run as its program. */
class SubmittedProgramTest {

    @Test
    void theLastFencedBlockOfTheAnswerWins() {
        String completion = "<think>first try:\n```python\nprint(1)\n```\n</think><answer>\n```python\nprint(2)\n```\n"
                + "or better\n```py\nprint(3)\n```\n</answer>";
        assertThat(SubmittedProgram.of(completion)).contains("print(3)\n");
    }

    @Test
    void withoutABlockInTheAnswerTheLastBlockOfTheCompletionIsRun() {
        String completion = "<think>```python\nprint('draft')\n```</think>\n```python\nprint('final')\n```\n"
                + "<answer>see above</answer>";
        assertThat(SubmittedProgram.of(completion)).contains("print('final')\n");
    }

    @Test
    void withoutAnyBlockTheAnswerItselfIsTheProgram() {
        assertThat(SubmittedProgram.of("<think>easy</think><answer>\nprint(input())\n</answer>"))
                .contains("print(input())");
    }

    @Test
    void aCompletionWithoutAnswerOrBlockSubmitsNothing() {
        assertThat(SubmittedProgram.of("I would write print(42)")).isEmpty();
        assertThat(SubmittedProgram.of("<answer>   </answer>")).isEmpty();
    }

    @Test
    void aFenceLeftOpenByATruncatedCompletionIsNotAProgram() {
        assertThat(SubmittedProgram.of("```python\nprint(1)\n```\nnow faster:\n```python\nimport sys\nfor")).
                contains("print(1)\n");
        assertThat(SubmittedProgram.of("```python\nwhile True:\n    pass")).isEmpty();
    }

    @Test
    void aBlockWithoutLanguageTagCounts() {
        assertThat(SubmittedProgram.of("```\nprint('plain')\n```")).contains("print('plain')\n");
    }
}
