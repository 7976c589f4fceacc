package dev.grpo.bench.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.bench.async.AsyncBenchmark.Planned;
import dev.grpo.workflow.demo.DemoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncBenchmarkConfigTest {

    @TempDir
    Path out;

    private AsyncBenchmark.Config config(List<Integer> bounds, PartialRollouts partial, int rounds) {
        return new AsyncBenchmark.Config(Path.of("models/arithmetic-base"), out, bounds, partial, rounds, 20, 20, 1, 0,
                OptionalInt.empty(), OptionalInt.empty());
    }

    private AsyncBenchmark.Config config(List<Integer> bounds, int rounds) {
        return config(bounds, PartialRollouts.OFF, rounds);
    }

    private static Planned planned(int round, int eta, boolean partial) {
        return new Planned(round, new AsyncVariant(eta, partial));
    }

    @Test
    void boundsMustBeDistinctAndNotNegative() {
        assertThatThrownBy(() -> config(List.of(0, 0), 1))
                .hasMessage("--max-staleness must list distinct bounds >= 0, got [0, 0]");
        assertThatThrownBy(() -> config(List.of(-1), 1)).hasMessageContaining("--max-staleness");
        assertThatThrownBy(() -> config(List.of(), 1)).hasMessageContaining("--max-staleness");
        assertThatThrownBy(() -> config(List.of(0, 2), 0)).hasMessage("--rounds must be >= 1, got 0");
    }

    @Test
    void withoutPartialRolloutsEveryBoundRunsOncePerRoundInAlternatingOrder() {
        assertThat(AsyncBenchmark.plan(config(List.of(0, 2), PartialRollouts.OFF, 2))).containsExactly(
                planned(0, 0, false), planned(0, 2, false), planned(1, 2, false), planned(1, 0, false));
    }

    @Test
    void withPartialRolloutsOnEveryRunTakesThem() {
        assertThat(AsyncBenchmark.plan(config(List.of(0, 2), PartialRollouts.ON, 1))).containsExactly(
                planned(0, 0, true), planned(0, 2, true));
        assertThat(config(List.of(0, 2), PartialRollouts.ON, 1).variants().get(0)).isEqualTo(new AsyncVariant(0, true));
    }

    @Test
    void withBothEveryBoundAboveZeroRunsWithoutThenWithAndOddRoundsReverse() {
        assertThat(AsyncBenchmark.plan(config(List.of(0, 2, 4), PartialRollouts.BOTH, 2))).containsExactly(
                planned(0, 0, false), planned(0, 2, false), planned(0, 2, true), planned(0, 4, false),
                planned(0, 4, true),
                planned(1, 4, true), planned(1, 4, false), planned(1, 2, true), planned(1, 2, false),
                planned(1, 0, false));
    }

    @Test
    void eachRunIsTheDemoWithItsVariantInItsOwnFolder() {
        AsyncBenchmark.Config settings = config(List.of(0, 2), PartialRollouts.BOTH, 2);

        DemoConfig partial = AsyncBenchmark.demoConfig(settings, planned(1, 2, true));
        DemoConfig whole = AsyncBenchmark.demoConfig(settings, planned(1, 2, false));

        assertThat(partial.maxStaleness()).isEqualTo(2);
        assertThat(partial.partialRollouts()).isTrue();
        assertThat(partial.out()).isEqualTo(out.resolve("round-1/eta-2-partial"));
        assertThat(whole.partialRollouts()).isFalse();
        assertThat(whole.out()).isEqualTo(out.resolve("round-1/eta-2"));
        assertThat(partial.steps()).isEqualTo(20);
    }

    @Test
    void aPartialRolloutsValueIsOffOnOrBoth() {
        assertThat(PartialRollouts.fromLabel("both")).isEqualTo(PartialRollouts.BOTH);
        assertThatThrownBy(() -> PartialRollouts.fromLabel("yes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--partial-rollouts must be one of off, on, both; got 'yes'");
    }

    @Test
    void aFolderHoldingARunIsRefusedBeforeAnythingRuns() throws IOException {
        assertThatCode(() -> AsyncBenchmark.requireFreshFolders(config(List.of(0, 2), 1))).doesNotThrowAnyException();
        Files.createDirectories(out.resolve("round-1/eta-2"));
        Files.writeString(out.resolve("round-1/eta-2/report.json"), "{}");

        assertThatCode(() -> AsyncBenchmark.requireFreshFolders(config(List.of(0, 2), 1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> AsyncBenchmark.requireFreshFolders(config(List.of(0, 2), 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(out.resolve("round-1/eta-2") + " is not empty: the demo would resume the run in it; "
                        + "remove it or choose another --out");
    }

    @Test
    void aRunWithPartialRolloutsHasItsOwnFolder() throws IOException {
        Files.createDirectories(out.resolve("eta-2-partial"));
        Files.writeString(out.resolve("eta-2-partial/report.json"), "{}");

        assertThatCode(() -> AsyncBenchmark.requireFreshFolders(config(List.of(0, 2), 1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> AsyncBenchmark.requireFreshFolders(config(List.of(0, 2), PartialRollouts.BOTH, 1)))
                .hasMessageStartingWith(out.resolve("eta-2-partial") + " is not empty");
    }
}
