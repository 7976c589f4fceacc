package dev.grpo.workflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingCurveTest {

    private static StepPoint step(long step, double length, Map<Long, Integer> staleness, long staleTotal) {
        return new StepPoint(step, 1.0, 0.5, length, 1.0, staleness, Map.of(), staleTotal, 100);
    }

    @Test
    void firstAndLastTenthAverageTheFirstAndLastTenPercentOfSteps() {
        TrainingCurve curve = new TrainingCurve();
        for (int s = 1; s <= 20; s++) {
            curve.add(step(s, s, Map.of(0L, 1), 0));
        }
        assertThat(curve.firstTenth(StepPoint::meanLength)).isEqualTo(1.5);
        assertThat(curve.lastTenth(StepPoint::meanLength)).isEqualTo(19.5);
    }

    @Test
    void aShortRunUsesOneStepForEachTenth() {
        TrainingCurve curve = new TrainingCurve();
        curve.add(step(1, 10, Map.of(), 0));
        curve.add(step(2, 30, Map.of(), 0));
        assertThat(curve.firstTenth(StepPoint::meanLength)).isEqualTo(10);
        assertThat(curve.lastTenth(StepPoint::meanLength)).isEqualTo(30);
    }

    @Test
    void withoutStepsTheMeansAreNotANumber() {
        assertThat(new TrainingCurve().firstTenth(StepPoint::meanLength)).isNaN();
        assertThat(new TrainingCurve().maxStalenessObserved()).isZero();
    }

    @Test
    void mergesStalenessOverStepsAndKeepsTheLatestStaleCount() {
        TrainingCurve curve = new TrainingCurve();
        curve.add(step(1, 1, Map.of(0L, 8), 0));
        curve.add(step(2, 1, Map.of(0L, 4, 2L, 4), 3));
        assertThat(curve.stalenessHistogram()).containsExactly(Map.entry(0L, 12), Map.entry(2L, 4));
        assertThat(curve.maxStalenessObserved()).isEqualTo(2);
        assertThat(curve.staleDropped()).isEqualTo(3);
    }

    @Test
    void theMeanTokenStalenessWeighsEveryTrainedTokenOverTheRun() {
        TrainingCurve curve = new TrainingCurve();
        curve.add(new StepPoint(1, 1.0, 0.5, 3, 1.0, Map.of(2L, 1), Map.of(0L, 1L, 1L, 1L, 2L, 2L), 0, 4));
        curve.add(new StepPoint(2, 1.0, 0.5, 4, 1.0, Map.of(1L, 1), Map.of(1L, 4L), 0, 4));

        assertThat(curve.meanTokenStaleness()).isEqualTo((0 + 1 + 4 + 4) / 8.0);
        assertThat(new TrainingCurve().meanTokenStaleness()).isZero();
    }
}
