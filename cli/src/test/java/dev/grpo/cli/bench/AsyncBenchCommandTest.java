package dev.grpo.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpo bench async} from the outside: its settings and folders are checked before any demo starts. */
class AsyncBenchCommandTest {

    /** The committed base model (tests run in cli/). */
    private static final String BASE = Path.of(System.getProperty("user.dir")).resolveSibling("models/arithmetic-base")
            .toString();

    @TempDir
    Path out;

    @Test
    void aBoundNamedTwiceIsAUsageError() {
        GrpoRun run = GrpoRun.execute(Map.of(), "bench", "async", "--model", BASE, "--out", out.toString(),
                "--max-staleness", "0,2,0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo bench async: --max-staleness must list distinct bounds >= 0, got [0, 2, 0]");
    }

    @Test
    void aPartialRolloutsValueOtherThanOffOnOrBothIsAUsageError() {
        GrpoRun run = GrpoRun.execute(Map.of(), "bench", "async", "--model", BASE, "--out", out.toString(),
                "--partial-rollouts", "yes");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo bench async: --partial-rollouts must be one of off, on, both; got 'yes'"
                + System.lineSeparator());
    }

    @Test
    void withPartialRolloutsBothTheRunWithThemMustHaveAFreshFolderToo() throws Exception {
        Files.createDirectories(out.resolve("eta-2-partial/learner"));

        assertThat(GrpoRun.execute(Map.of(), "bench", "async", "--model", BASE, "--out", out.toString(), "--help")
                .out()).contains("--partial-rollouts=off|on|both");
        GrpoRun run = GrpoRun.execute(Map.of(), "bench", "async", "--model", BASE, "--out", out.toString(),
                "--partial-rollouts", "both");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo bench async: " + out.resolve("eta-2-partial") + " is not empty");
    }

    @Test
    void aNegativeThreadCountIsAUsageError() {
        GrpoRun run = GrpoRun.execute(Map.of(), "bench", "async", "--model", BASE, "--out", out.toString(),
                "--generator-threads", "-1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo bench async: --learner-threads and --generator-threads must be >= 0");
    }

    @Test
    void aFolderHoldingAnEarlierRunIsAUsageError() throws Exception {
        Files.createDirectories(out.resolve("eta-2/learner"));

        GrpoRun run = GrpoRun.execute(Map.of(), "bench", "async", "--model", BASE, "--out", out.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo bench async: " + out.resolve("eta-2") + " is not empty");
    }
}
