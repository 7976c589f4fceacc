package dev.grpo.bench.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How step times are summarised: the cold first step apart, the median and p90 of the timed steps. */
class StepTimesTest {

    @Test
    void theFirstStepIsTheFirstWarmUpStep() {
        assertThat(new StepTimes(new double[] {5, 2}, new double[] {1}).first()).isEqualTo(5);
    }

    @Test
    void withoutWarmUpTheFirstStepIsTheFirstTimedOne() {
        assertThat(new StepTimes(new double[0], new double[] {3, 1}).first()).isEqualTo(3);
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleStep() {
        assertThat(new StepTimes(new double[0], new double[] {3, 1, 2}).median()).isEqualTo(2);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(new StepTimes(new double[0], new double[] {4, 1, 3, 2}).median()).isEqualTo(2.5);
    }

    @Test
    void p90IsTheNearestRank() {
        double[] tenSteps = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertThat(new StepTimes(new double[0], tenSteps).p90()).isEqualTo(9);
        assertThat(new StepTimes(new double[0], new double[] {1, 2, 3}).p90()).isEqualTo(3);
    }

    @Test
    void warmUpStepsDoNotCountInTheSummary() {
        StepTimes times = new StepTimes(new double[] {100}, new double[] {1, 1, 1});
        assertThat(times.median()).isEqualTo(1);
        assertThat(times.p90()).isEqualTo(1);
    }

    @Test
    void refusesARunWithoutTimedSteps() {
        assertThatThrownBy(() -> new StepTimes(new double[] {1}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no timed step");
    }
}
