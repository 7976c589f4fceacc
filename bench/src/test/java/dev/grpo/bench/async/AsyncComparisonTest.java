package dev.grpo.bench.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.schemas.StageTime;
import dev.grpo.workflow.demo.CoreSplit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AsyncComparisonTest {

    private static AsyncRun run(int eta, int round, double trainingSeconds) {
        return new AsyncRun(eta, round, CoreSplit.ONE_EACH, trainingSeconds, trainingSeconds + 30, 0.5, 0.75,
                Map.of("learner", new StageTime(trainingSeconds / 4, 3 * trainingSeconds / 4)));
    }

    @Test
    void theSpeedUpIsTheRatioOfMedianTrainingTimes() {
        AsyncComparison comparison = new AsyncComparison(0, List.of(run(0, 0, 200), run(2, 0, 150), run(2, 1, 100),
                run(0, 1, 300), run(0, 2, 100), run(2, 2, 400)));

        assertThat(comparison.medianTrainingSeconds(0)).hasValue(200);
        assertThat(comparison.medianTrainingSeconds(2)).hasValue(150);
        assertThat(comparison.speedUp(2)).isEqualTo(200.0 / 150);
        assertThat(comparison.speedUp(0)).isEqualTo(1);
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        AsyncComparison comparison = new AsyncComparison(0, List.of(run(0, 0, 100), run(0, 1, 200)));

        assertThat(comparison.medianTrainingSeconds(0)).hasValue(150);
        assertThat(comparison.medianTrainingSeconds(4)).isEmpty();
    }

    @Test
    void theTableHasALinePerRunAndASpeedUpPerBound() {
        String table = new AsyncComparison(0, List.of(run(0, 0, 200), run(2, 0, 160))).table();

        assertThat(table).contains("learner 25% busy (idle 150 s)").contains(" 1/1 ")
                .contains("eta 2: median training 160.0 s, 1.25x the speed of eta 0");
        assertThat(table.lines()).hasSize(5);
    }
}
