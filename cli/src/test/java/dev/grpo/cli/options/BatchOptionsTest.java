package dev.grpo.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoRun;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchOptionsTest {

    /** Every command with a batch size, the other options it cannot parse without, and its built-in size. */
    static Stream<Arguments> commands() {
        return Stream.of(Arguments.of(List.of("sft"), List.of("--from-file", "f.jsonl", "--out", "o"), 16),
                Arguments.of(List.of("pretrain"), List.of("--out", "o"), 32),
                Arguments.of(List.of("bench", "model"), List.of(), 8),
                Arguments.of(List.of("bench", "sampler"), List.of(), 16));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandTakesBatchSizeAndShowsItsOwnDefault(List<String> command, List<String> needed, int builtIn) {
        assertThat(batch(command, needed).size()).isEqualTo(builtIn);
        assertThat(batch(command, needed, "--batch-size", "3").size()).isEqualTo(3);
        String[] help = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);
        assertThat(GrpoRun.execute(Map.of(), help).out()).contains("--batch-size=N")
                .containsPattern("per\\s+batch\\s+\\(default:\\s+" + builtIn + "\\)").doesNotContain("--batch=");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void theOldSpellingBatchStillWorks(List<String> command, List<String> needed, int builtIn) {
        assertThat(batch(command, needed, "--batch", "5").size()).isEqualTo(5);
    }

    private static BatchOptions batch(List<String> command, List<String> needed, String... more) {
        String[] args = Stream.of(command.stream(), needed.stream(), Stream.of(more)).flatMap(s -> s)
                .toArray(String[]::new);
        return GrpoRun.parse(Map.of(), args).mixin(BatchOptions.class);
    }
}
