package dev.grpo.cli;

import dev.grpo.cli.bench.BenchCommand;
import dev.grpo.cli.broker.BrokerCommand;
import dev.grpo.cli.demo.DemoCommand;
import dev.grpo.cli.eval.EvalCommand;
import dev.grpo.cli.prompts.PromptsCommand;
import dev.grpo.cli.topics.TopicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

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
            "Without --bootstrap-servers the stages use a local broker; 'grpo broker' runs one."
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

    /** Runs the command line and exits with its exit code (0 ok, 1 failure, 2 bad arguments). */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: one-line errors, exit code 2 for bad arguments, 1 for failures. */
    public static CommandLine commandLine() {
        OneLineErrors errors = new OneLineErrors();
        CommandLine cli = new CommandLine(new GrpoCommand());
        addHelpOptions(cli);
        return cli.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
    }

    private static void addHelpOptions(CommandLine command) {
        if (command.getCommandSpec().findOption("--help") == null) {
            command.getCommandSpec().mixinStandardHelpOptions(true);
        }
        command.getSubcommands().values().forEach(GrpoCommand::addHelpOptions);
    }
}
