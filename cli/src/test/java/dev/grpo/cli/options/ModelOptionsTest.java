package dev.grpo.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.cli.GrpoRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.ParameterException;

class ModelOptionsTest {

    /** Every command that starts from a model, with the other options it cannot parse without. */
    static Stream<List<String>> commands() {
        return Stream.of(List.of("generate"), List.of("learn", "--checkpoint-dir", "c"), List.of("eval"),
                List.of("sft", "--from-file", "f.jsonl", "--out", "o"), List.of("demo"),
                List.of("logprobs", "--in", "i.jsonl", "--out", "o.jsonl"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandTakesTheStartingModelAsModel(List<String> command) {
        assertThat(model(command, "--model", "models/x")).isEqualTo(Path.of("models/x"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void theOldSpellingsStillWorkOnEveryCommand(List<String> command) {
        for (String old : List.of("--checkpoint", "--init", "--base")) {
            assertThat(model(command, old, "models/" + old)).isEqualTo(Path.of("models/" + old));
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpShowsModelAndNotTheOldSpellings(List<String> command) {
        String help = GrpoRun.execute(Map.of(), command.get(0), "--help").out();
        assertThat(help).contains("--model=DIR").doesNotContain("--checkpoint=", "--init", "--base");
    }

    @Test
    void aBuiltInModelIsTheDefaultUntilOneIsGiven() {
        assertThat(GrpoRun.parse(Map.of(), "demo").mixin(ModelOptions.class).required())
                .isEqualTo(Path.of("models/arithmetic-base"));
        assertThat(GrpoRun.parse(Map.of(), "generate").mixin(ModelOptions.class).directory()).isEmpty();
    }

    @Test
    void aCommandThatNeedsAModelSaysSoAsForAnyRequiredOption() {
        ModelOptions none = GrpoRun.parse(Map.of(), "eval").mixin(ModelOptions.class);
        assertThatThrownBy(none::required).isInstanceOf(ParameterException.class)
                .hasMessage("Missing required option: '--model=DIR'");
        GrpoRun run = GrpoRun.execute(Map.of(), "eval", "--prompts", "held-out");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("grpo eval: Missing required option: '--model=DIR'");
    }

    private static Path model(List<String> command, String flag, String directory) {
        String[] args = Stream.concat(command.stream(), Stream.of(flag, directory)).toArray(String[]::new);
        return GrpoRun.parse(Map.of(), args).mixin(ModelOptions.class).required();
    }
}
