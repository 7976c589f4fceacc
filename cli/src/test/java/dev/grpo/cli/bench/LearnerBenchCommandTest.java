package dev.grpo.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code grpo bench learner} from the outside: its settings are checked before any model is loaded. */
class LearnerBenchCommandTest {

    @Test
    void aStepWithoutGroupsIsAUsageErrorNamingTheSetting() {
        GrpoRun run = GrpoRun.execute(Map.of(), "bench", "learner", "--groups-per-step", "0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo bench learner: groups must be >= 1, got 0");
    }

    @Test
    void zeroTorchThreadsIsAUsageError() {
        GrpoRun run = GrpoRun.execute(Map.of(), "bench", "learner", "--torch-threads", "0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo bench learner: PyTorch threads must be >= 1, got 0");
    }
}
