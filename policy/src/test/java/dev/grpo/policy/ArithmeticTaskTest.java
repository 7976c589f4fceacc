package dev.grpo.policy;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ArithmeticTaskTest {

    private final ArithmeticTask task = new ArithmeticTask();

    @Test
    void writesThePromptAndTheGroundTruth() {
        ArithmeticProblem problem = new ArithmeticProblem(47, 38);

        assertThat(problem.prompt()).isEqualTo("47+38=");
        assertThat(problem.answer()).isEqualTo("85");
        assertThat(problem.id()).isEqualTo("add-47-38");
    }

    @Test
    void neverDrawsAHeldOutProblemForTraining() {
        Set<ArithmeticProblem> training = new HashSet<>(task.problems(Split.TRAIN, 5_000, 1));
        List<ArithmeticProblem> heldOut = task.problems(Split.HELD_OUT, 1_000, 2);

        assertThat(heldOut).allMatch(p -> task.splitOf(p) == Split.HELD_OUT).noneMatch(training::contains);
        assertThat(training).allMatch(p -> task.splitOf(p) == Split.TRAIN);
    }

    @Test
    void holdsOutAboutTheConfiguredShareOfAllProblems() {
        int heldOut = 0;
        for (int left = 10; left < 100; left++) {
            for (int right = 10; right < 100; right++) {
                heldOut += task.splitOf(new ArithmeticProblem(left, right)) == Split.HELD_OUT ? 1 : 0;
            }
        }
        assertThat(heldOut / 8100.0).isCloseTo(0.10, within(0.015));
    }

    @Test
    void drawsOperandsOfTheConfiguredDigitCountsReproducibly() {
        List<ArithmeticProblem> problems = task.problems(Split.TRAIN, 500, 7);

        assertThat(problems).isEqualTo(task.problems(Split.TRAIN, 500, 7));
        assertThat(problems).allMatch(p -> p.left() >= 10 && p.left() < 1000 && p.right() >= 10 && p.right() < 1000);
        assertThat(problems).anyMatch(p -> p.left() < 100).anyMatch(p -> p.left() >= 100);
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> new ArithmeticTask(3, 2, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArithmeticTask(1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArithmeticProblem(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
