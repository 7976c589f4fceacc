package dev.grpo.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.cli.GrpoRun;
import dev.grpo.policy.IntraOpThreads;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.ParameterException;

/** {@code --torch-threads}: the learner takes every core by default, the samplers and benchmarks the launcher's one. */
class TorchThreadOptionsTest {

    private static final List<String> LEARN = List.of("learn", "--checkpoint-dir", "c");

    static Stream<List<String>> commands() {
        return Stream.of(LEARN, List.of("generate"), List.of("bench", "learner"));
    }

    @Test
    void aLearnerRunningAloneIsNotThrottledToTheLaunchersOneThread() {
        assertThat(threads(LEARN).count()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aGeneratorAndTheLearnerBenchmarkKeepTheLaunchersOneThread() {
        assertThat(threads(List.of("generate")).count()).isEqualTo(1);
        assertThat(threads(List.of("bench", "learner")).count()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void theFlagSetsTheCountOfEveryCommandThatHasIt(List<String> command) {
        assertThat(threads(command, "--torch-threads", "3").count()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void fewerThanOneThreadIsAUsageErrorNamingTheCount(List<String> command) {
        TorchThreadOptions none = threads(command, "--torch-threads", "0");
        assertThatThrownBy(none::count).isInstanceOf(ParameterException.class)
                .hasMessage("PyTorch threads must be >= 1, got 0");
    }

    @Test
    void applyingSetsTheEnginesCountForTheOperatorsThatFollow() {
        int before = IntraOpThreads.count();
        int other = before == 1 ? 2 : 1;
        try {
            threads(List.of("generate"), "--torch-threads", String.valueOf(other)).apply();
            assertThat(IntraOpThreads.count()).isEqualTo(other);
        } finally {
            IntraOpThreads.set(before);
        }
    }

    private static TorchThreadOptions threads(List<String> command, String... more) {
        String[] args = Stream.concat(command.stream(), Stream.of(more)).toArray(String[]::new);
        return GrpoRun.parse(Map.of(), args).mixin(TorchThreadOptions.class);
    }
}
