package dev.grpo.cli.defaults;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The defaults of every {@code grpo} option that the command line does not give: an environment variable
 * {@code GRPO_<OPTION>} ({@code --batch-size} reads {@code GRPO_BATCH_SIZE}), else a key of the config file
 * ({@code grpo --config FILE}, else the file {@code GRPO_CONFIG} names), {@code COMMAND.OPTION} before
 * {@code OPTION} ({@code learn.lr}, then {@code lr}), else the option's built-in default. So a flag beats the
 * environment, which beats the file, which beats the built-in default.
 *
 * <p>Variables under {@code GRPO_KAFKA_} are the Kafka client properties of
 * {@link dev.grpo.schemas.KafkaClusterConfig}, so no option reads one ({@code --kafka-config} is set in the
 * file only). Hidden options (deprecated spellings) and the help options take no defaults.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

    /** The environment variable naming the config file when {@code --config} is not given. */
    public static final String FILE_VARIABLE = "GRPO_CONFIG";

    private static final String PREFIX = "GRPO_";
    private static final String KAFKA_PREFIX = "GRPO_KAFKA_";

    private final Map<String, String> environment;
    private Optional<ConfigFile> file = Optional.empty();
    private boolean fileChosen;

    /** @param environment the process environment, e.g. {@code System.getenv()} */
    public ConfigDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Reads defaults from {@code path} instead of the file {@code GRPO_CONFIG} names.
     *
     * @param root the top command, whose commands' options are the keys the file may have
     * @throws IllegalArgumentException in one line naming the file, when it cannot be read or has a key that is no
     *     option
     */
    public void useFile(Path path, CommandSpec root) {
        fileChosen = true;
        file = Optional.of(checked(ConfigFile.read(path), root));
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        return argument instanceof OptionSpec option ? origin(option).map(DefaultOrigin::value).orElse(null) : null;
    }

    /**
     * @return the default {@code option} takes from the environment or the config file, empty when it keeps its
     *     built-in one
     * @throws ParameterException naming {@value #FILE_VARIABLE} when the file it names cannot be read
     */
    public Optional<DefaultOrigin> origin(OptionSpec option) {
        CommandSpec command = option.command();
        if (command == null || command.parent() == null || option.hidden() || option.usageHelp()
                || option.versionHelp()) {
            return Optional.empty();
        }
        String name = name(option);
        String variable = variable(name);
        if (!variable.startsWith(KAFKA_PREFIX) && environment.get(variable) != null) {
            return Optional.of(new DefaultOrigin(environment.get(variable), variable));
        }
        return configFile(command).flatMap(config -> List.of(path(command) + "." + name, name).stream()
                .filter(config.values()::containsKey).findFirst()
                .map(key -> new DefaultOrigin(config.values().get(key), config.path() + ", key " + key)));
    }

    /**
     * @return the origin of the value a parse failed on, when that value is the option's default from the
     *     environment or the config file (so the error can name the variable or the file and key)
     */
    public Optional<DefaultOrigin> originOfFailure(ParameterException failure) {
        if (!(failure.getArgSpec() instanceof OptionSpec option)) {
            return Optional.empty();
        }
        return origin(option).filter(origin -> Objects.equals(origin.value(), failure.getValue()));
    }

    /** @return the environment variable of the option named {@code name}, e.g. {@code GRPO_BATCH_SIZE} */
    static String variable(String name) {
        return PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private Optional<ConfigFile> configFile(CommandSpec command) {
        if (!fileChosen) {
            fileChosen = true;
            String named = environment.get(FILE_VARIABLE);
            if (named != null && !named.isBlank()) {
                try {
                    file = Optional.of(checked(ConfigFile.read(Path.of(named)), command.root()));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(command.commandLine(), e.getMessage() + " (named by " + FILE_VARIABLE
                            + ")", e);
                }
            }
        }
        return file;
    }

    /** Refuses a key that no command has as an option: a typo would otherwise be ignored without a word. */
    private static ConfigFile checked(ConfigFile config, CommandSpec root) {
        Set<String> known = new HashSet<>();
        collectKeys(root, known);
        config.values().keySet().stream().filter(key -> !known.contains(key)).findFirst().ifPresent(key -> {
            throw new IllegalArgumentException("config file " + config.path() + ": unknown key '" + key
                    + "' (keys are OPTION or COMMAND.OPTION, e.g. batch-size or learn.lr)");
        });
        return config;
    }

    private static void collectKeys(CommandSpec command, Set<String> known) {
        if (command.parent() != null) {
            command.options().stream().filter(option -> !option.hidden() && !option.usageHelp() && !option.versionHelp())
                    .map(ConfigDefaults::name).forEach(name -> {
                        known.add(name);
                        known.add(path(command) + "." + name);
                    });
        }
        command.subcommands().values().forEach(sub -> collectKeys(sub.getCommandSpec(), known));
    }

    /** The option's longest name without its dashes, e.g. {@code batch-size}. */
    private static String name(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** The command's names below the top command joined by dots, e.g. {@code bench.model}. */
    private static String path(CommandSpec command) {
        String qualified = command.qualifiedName(".");
        return qualified.substring(qualified.indexOf('.') + 1);
    }
}
