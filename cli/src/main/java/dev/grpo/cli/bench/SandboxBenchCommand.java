package dev.grpo.cli.bench;

import dev.grpo.bench.code.SandboxBenchmark;
import dev.grpo.bench.code.SandboxBenchmark.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo bench sandbox}: programs per second through the bubblewrap sandbox, and its start-up overhead. */
@Command(
        name = "sandbox",
        headerHeading = "%n",
        header = "Sandbox throughput (programs/s) and bubblewrap's start-up overhead per program.",
        descriptionHeading = "%n",
        description = {"Runs a typical stdin/stdout Python solution against 5 tests, one run after another, in the "
                + "sandbox the code reward uses; then a sandboxed 'hello' against plain /usr/bin/python3, so the "
                + "sandbox's own cost per program shows. Needs bwrap and python3."})
final class SandboxBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--programs", paramLabel = "N", defaultValue = "" + Config.DEFAULT_PROGRAMS,
            description = "Programs to judge, each against every test. Default: ${DEFAULT-VALUE}.")
    private int programs;

    @Override
    public Integer call() {
        Config settings;
        try {
            settings = new Config(programs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        SandboxBenchmark.run(settings, System.out);
        return 0;
    }
}
