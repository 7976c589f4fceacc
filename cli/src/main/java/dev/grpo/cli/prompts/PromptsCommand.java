package dev.grpo.cli.prompts;

import picocli.CommandLine.Command;

/** {@code grpo prompts}: the group of commands that put data sets' prompts on the prompts topic. */
@Command(
        name = "prompts",
        headerHeading = "%n",
        header = "Load prompt files (JSON lines, Parquet) into the prompts topic.",
        descriptionHeading = "%n",
        description = {
            "Prompt files are JSON lines (.jsonl, .json, gzip-compressed with .gz) or Parquet (.parquet) as Hugging "
                    + "Face datasets export them. --prompt-field, --answer-field and --id-field map a data set's own "
                    + "columns; --answer-format makes the ground truth the final answer (GSM8K's '#### 72', MATH's "
                    + "\\boxed{...}). 'grpo generate --prompts topic' then reads them."
        },
        commandListHeading = "%nCommands:%n",
        subcommands = {LoadPromptsCommand.class})
public final class PromptsCommand {
}
