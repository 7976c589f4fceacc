package dev.grpo.cli.topics;

import picocli.CommandLine.Command;

/** {@code grpo topics}: the group of commands that apply and inspect the topic catalogue on a cluster. */
@Command(
        name = "topics",
        headerHeading = "%n",
        header = "Create or inspect the pipeline's topics on a Kafka cluster.",
        descriptionHeading = "%n",
        description = {
            "The topics, their keys, partition counts, retention, cleanup policy and maximum message size come "
                    + "from the topic catalogue (dev.grpo.schemas.TopicCatalogue). 'create' is idempotent: it "
                    + "creates what is missing and reports existing topics that differ from the catalogue."
        },
        commandListHeading = "%nCommands:%n",
        subcommands = {CreateTopicsCommand.class, DescribeTopicsCommand.class, AclsCommand.class})
public final class TopicsCommand {
}
