package dev.grpo.producers.internal.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.policy.ArithmeticProblem;
import dev.grpo.policy.ArithmeticTask;
import dev.grpo.policy.Split;
import dev.grpo.records.Prompt;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SyntheticPromptSourceTest {

    @Test
    void drawsTrainingProblemsWithTheirAnswers() {
        ArithmeticTask task = new ArithmeticTask();

        StepVerifier.create(new SyntheticPromptSource(task, 7).prompts().take(50))
                .thenConsumeWhile(prompt -> {
                    String[] operands = prompt.getText().replace("=", "").split("\\+");
                    ArithmeticProblem problem = new ArithmeticProblem(Integer.parseInt(operands[0]),
                            Integer.parseInt(operands[1]));
                    assertThat(task.splitOf(problem)).isEqualTo(Split.TRAIN);
                    assertThat(prompt.getGroundTruth()).isEqualTo(problem.answer());
                    assertThat(prompt.getTask()).isEqualTo(ArithmeticTask.NAME);
                    return true;
                })
                .verifyComplete();
    }

    @Test
    void theSameSeedGivesTheSamePrompts() {
        SyntheticPromptSource source = new SyntheticPromptSource(new ArithmeticTask(), 3);

        assertThat(source.prompts().take(10).map(Prompt::getPromptId).collectList().block())
                .isEqualTo(source.prompts().take(10).map(Prompt::getPromptId).collectList().block());
    }
}
