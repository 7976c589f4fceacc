package dev.grpo.bench.async;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.schemas.StageTime;
import dev.grpo.workflow.demo.CoreSplit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncComparisonTest {

    private static final AsyncVariant ETA_0 = new AsyncVariant(0, false);
    private static final AsyncVariant ETA_2 = new AsyncVariant(2, false);
    private static final AsyncVariant ETA_2_PARTIAL = new AsyncVariant(2, true);

    @TempDir
    Path folder;

    private static AsyncRun run(AsyncVariant variant, int round, double trainingSeconds) {
        return new AsyncRun(variant, round, CoreSplit.ONE_EACH, trainingSeconds, trainingSeconds + 30, 0.5, 0.75,
                variant.partialRollouts() ? 37 : 0, variant.partialRollouts() ? 0.75 : 1.25,
                Map.of("learner", new StageTime(trainingSeconds / 4, 3 * trainingSeconds / 4)));
    }

    @Test
    void theSpeedUpIsTheRatioOfMedianTrainingTimes() {
        AsyncComparison comparison = new AsyncComparison(ETA_0, List.of(run(ETA_0, 0, 200), run(ETA_2, 0, 150),
                run(ETA_2, 1, 100), run(ETA_0, 1, 300), run(ETA_0, 2, 100), run(ETA_2, 2, 400)));

        assertThat(comparison.medianTrainingSeconds(ETA_0)).hasValue(200);
        assertThat(comparison.medianTrainingSeconds(ETA_2)).hasValue(150);
        assertThat(comparison.speedUp(ETA_2)).isEqualTo(200.0 / 150);
        assertThat(comparison.speedUp(ETA_0)).isEqualTo(1);
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        AsyncComparison comparison = new AsyncComparison(ETA_0, List.of(run(ETA_0, 0, 100), run(ETA_0, 1, 200)));

        assertThat(comparison.medianTrainingSeconds(ETA_0)).hasValue(150);
        assertThat(comparison.medianTrainingSeconds(ETA_2)).isEmpty();
    }

    @Test
    void runsWithAndWithoutPartialRolloutsAreSeparateVariants() {
        AsyncComparison comparison = new AsyncComparison(ETA_0, List.of(run(ETA_0, 0, 200), run(ETA_2, 0, 160),
                run(ETA_2_PARTIAL, 0, 100), run(ETA_2_PARTIAL, 1, 140), run(ETA_2, 1, 180), run(ETA_0, 1, 240)));

        assertThat(comparison.variants()).containsExactly(ETA_0, ETA_2, ETA_2_PARTIAL);
        assertThat(comparison.medianTrainingSeconds(ETA_2)).hasValue(170);
        assertThat(comparison.medianTrainingSeconds(ETA_2_PARTIAL)).hasValue(120);
        assertThat(comparison.speedUp(ETA_2)).isEqualTo(220.0 / 170);
        assertThat(comparison.speedUp(ETA_2_PARTIAL)).isEqualTo(220.0 / 120);
    }

    @Test
    void theTableHasALinePerRunAndASpeedUpPerVariant() {
        String table = new AsyncComparison(ETA_0, List.of(run(ETA_0, 0, 200), run(ETA_2, 0, 160),
                run(ETA_2_PARTIAL, 0, 100))).table();

        assertThat(table).contains("learner 25% busy (idle 150 s)").contains(" 1/1 ")
                .contains("eta 2: median training 160.0 s, 1.25x the speed of eta 0")
                .contains("eta 2 partial: median training 100.0 s, 2.00x the speed of eta 0");
        assertThat(table.lines()).hasSize(7);
        assertThat(table.lines().findFirst().orElseThrow()).contains(" partial ").contains(" spanning ")
                .contains(" tok-stale ");
        assertThat(table.lines().skip(2).findFirst().orElseThrow()).matches("2 +off +0 .* 0 +1.25  learner.*");
        assertThat(table.lines().skip(3).findFirst().orElseThrow()).matches("2 +on +0 .* 37 +0.75  learner.*");
    }

    @Test
    void theJsonHasEachRunsFlagAndSpanningRolloutsAndEachVariantsSpeedUp() throws Exception {
        Path file = folder.resolve("async.json");
        new AsyncComparison(ETA_0, List.of(run(ETA_0, 0, 200), run(ETA_2_PARTIAL, 0, 100))).write(file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.at("/baseline/max_staleness").asInt()).isZero();
        assertThat(json.at("/runs/1/max_staleness").asInt()).isEqualTo(2);
        assertThat(json.at("/runs/1/partial_rollouts").asBoolean()).isTrue();
        assertThat(json.at("/runs/1/rollouts_spanning_versions").asLong()).isEqualTo(37);
        assertThat(json.at("/runs/1/mean_token_staleness").asDouble()).isEqualTo(0.75);
        assertThat(json.at("/runs/0/partial_rollouts").asBoolean()).isFalse();
        assertThat(json.at("/variants/1/partial_rollouts").asBoolean()).isTrue();
        assertThat(json.at("/variants/1/median_training_seconds").asDouble()).isEqualTo(100);
        assertThat(json.at("/variants/1/speed_up").asDouble()).isEqualTo(2);
    }
}
