package dev.grpo.cli;

import dev.grpo.cli.bench.BenchCommand;
import dev.grpo.cli.broker.BrokerCommand;
import dev.grpo.cli.demo.DemoCommand;
import dev.grpo.cli.eval.EvalCommand;
import dev.grpo.cli.prompts.PromptsCommand;
import dev.grpo.cli.topics.TopicsCommand;
import dev.grpo.cli.defaults.ConfigDefaults;
import dev.grpo.cli.defaults.DefaultOriginSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code grpo} launcher: one command whose subcommands start each part of the streaming GRPO
 * pipeline. A new subcommand is one more entry in {@code subcommands} below; it gets {@code --help},
 * {@code --version} and the one-line error handling without declaring them.
 */
@Command(
        name = "grpo",
        mixinStandardHelpOptions = true,
        versionProvider = ReleaseVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        headerHeading = "%n",
        header = "Streaming GRPO (DeepSeek-R1-style reinforcement learning with rule-based rewards) over Kafka.",
        descriptionHeading = "%n",
        description = {
            "Every stage of the training loop is an independent Kafka client: generators sample groups of "
                    + "completions per prompt, reward functions score them, the group assembler turns the scores into "
                    + "group-normalised advantages and the learner trains on them and broadcasts new policy versions. "
                    + "Records are Avro (single-object encoding) on the topics of the catalogue.",
            "",
            "Without --bootstrap-servers the stages use a local broker; 'grpo broker' runs one.",
            "",
            "An option not given takes its default from the environment variable GRPO_<OPTION> (GRPO_BATCH_SIZE for "
                    + "--batch-size), else from the config file (--config or GRPO_CONFIG), else its built-in default; "
                    + "'grpo COMMAND --help' lists the defaults set outside the command line."
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = "Run 'grpo COMMAND --help' for the options of a command.",
        subcommands = {
            DemoCommand.class,
            EvalCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            PromptsCommand.class,
            PretrainCommand.class,
            GenerateCommand.class,
            RewardsCommand.class,
            CodeRewardCommand.class,
            ScoreCommand.class,
            ReplayCommand.class,
            RejectCommand.class,
            SftCommand.class,
            LearnCommand.class,
            dev.grpo.cli.export.ExportCommand.class,
            dev.grpo.cli.logprobs.LogprobsCommand.class,
            BenchCommand.class,
            HelpCommand.class,
        })
public final class GrpoCommand {

    private final ConfigDefaults defaults;

    @Spec
    private CommandSpec spec;

    private GrpoCommand(ConfigDefaults defaults) {
        this.defaults = defaults;
    }

    @Option(names = "--config", paramLabel = "FILE",
            description = "Option defaults: a .properties or .yaml file of OPTION or COMMAND.OPTION keys (batch-size, "
                    + "learn.lr, bench.model.device). Default: the file GRPO_CONFIG names, if any.")
    private void config(Path file) {
        try {
            defaults.useFile(file, spec);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Runs the command line and exits with its exit code (0 ok, 1 failure, 2 bad arguments). */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, defaults from the process environment: see {@link #commandLine(Map)}. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The configured command line: one-line errors, exit code 2 for bad arguments, 1 for failures; option defaults
     * from {@code environment} and the config file ({@link ConfigDefaults}), listed by every command's
     * {@code --help}.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        OneLineErrors errors = new OneLineErrors();
        ConfigDefaults defaults = new ConfigDefaults(environment);
        CommandLine cli = new CommandLine(new GrpoCommand(defaults));
        addHelp(cli);
        cli.setDefaultValueProvider(defaults);
        return cli.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
    }

    /** Gives every command --help and --version, and the help section naming defaults set outside the command line. */
    private static void addHelp(CommandLine command) {
        if (command.getCommandSpec().findOption("--help") == null) {
            command.getCommandSpec().mixinStandardHelpOptions(true);
        }
        command.getHelpSectionMap().put(DefaultOriginSection.KEY, new DefaultOriginSection());
        List<String> sections = new ArrayList<>(command.getHelpSectionKeys());
        sections.add(sections.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1,
                DefaultOriginSection.KEY);
        command.setHelpSectionKeys(sections);
        command.getSubcommands().values().forEach(GrpoCommand::addHelp);
    }
}
