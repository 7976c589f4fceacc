package dev.grpo.bench.async;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private AsyncBenchmark.Config config(List<Integer> bounds, int rounds) {
        return new AsyncBenchmark.Config(Path.of("models/arithmetic-base"), out, bounds, rounds, 20, 20, 1, 0, OptionalInt.empty(),
                OptionalInt.empty());
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
}
