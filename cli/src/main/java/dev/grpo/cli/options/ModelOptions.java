package dev.grpo.cli.options;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The starting model of a command, {@code --model DIR} ({@code @Mixin ModelOptions model;}): the directory whose
 * weights and tokenizer a command starts from. A command whose model has a built-in default constructs the mixin
 * with it ({@code @Mixin ModelOptions model = new ModelOptions(Path.of("models/arithmetic-base"));}), which
 * {@code --help} shows. The spellings {@code --checkpoint}, {@code --init} and {@code --base} that commands used
 * before are accepted as hidden aliases.
 */
public final class ModelOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--model", paramLabel = "DIR",
            description = "The starting model: a model directory in our layout or a Hugging Face one.")
    private Path model;

    /** No built-in model: the command requires one, or works without. */
    public ModelOptions() {
    }

    /** @param builtIn the model the command starts from when {@code --model} is not given */
    public ModelOptions(Path builtIn) {
        this.model = builtIn;
    }

    @Option(names = {"--checkpoint", "--init", "--base"}, paramLabel = "DIR", hidden = true,
            description = "Deprecated spellings of --model.")
    private void deprecatedSpelling(Path directory) {
        this.model = directory;
    }

    /** @return the model directory, if one was given or is built in */
    public Optional<Path> directory() {
        return Optional.ofNullable(model);
    }

    /**
     * @return the model directory
     * @throws ParameterException as picocli reports a missing required option, when none was given
     */
    public Path required() {
        return directory().orElseThrow(() -> new ParameterException(command.commandLine(),
                "Missing required option: '--model=DIR'"));
    }
}
