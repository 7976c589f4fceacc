package dev.grpo.cli.bench;

import picocli.CommandLine.Command;

/** {@code grpo bench}: the benchmarks whose numbers the project reports, each beside its baseline from the same run. */
@Command(
        name = "bench",
        headerHeading = "%n",
        header = "Run a benchmark: numbers beside a baseline measured in the same run.",
        descriptionHeading = "%n",
        description = {"Benchmarks report numbers; they never pass or fail on a wall-clock time."},
        subcommands = {SamplerBenchCommand.class, ModelBenchCommand.class, LearnerBenchCommand.class,
            RewardsBenchCommand.class, SandboxBenchCommand.class, CodeBenchCommand.class,
            AsyncBenchCommand.class})
public final class BenchCommand {
}
