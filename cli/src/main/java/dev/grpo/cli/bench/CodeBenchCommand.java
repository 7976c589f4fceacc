package dev.grpo.cli.bench;

import dev.grpo.bench.code.CodeVerifierBenchmark;
import dev.grpo.bench.code.CodeVerifierBenchmark.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo bench code}: completions per second the code reward can judge, with one worker and with several. */
@Command(
        name = "code",
        headerHeading = "%n",
        header = "Code reward throughput: completions judged per second at 1 worker and at --workers workers.",
        descriptionHeading = "%n",
        description = {"Each completion is a typical stdin/stdout Python answer with 5 tests, judged as the code "
                + "reward judges it (answer extraction, one sandbox per test, output comparison). The rounds "
                + "alternate 1 worker and --workers workers; the medians are reported. Needs bwrap and python3."})
final class CodeBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--completions", paramLabel = "N", defaultValue = "" + Config.DEFAULT_COMPLETIONS,
            description = "Completions judged per round at each worker count. Default: ${DEFAULT-VALUE}.")
    private int completions;

    @Option(names = "--workers", paramLabel = "N",
            description = "Parallel workers compared with one. Default: the number of CPU cores.")
    private Integer workers;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "" + Config.DEFAULT_ROUNDS,
            description = "Rounds, each timing 1 worker then --workers workers. Default: ${DEFAULT-VALUE}.")
    private int rounds;

    @Override
    public Integer call() throws Exception {
        CodeVerifierBenchmark.run(settings(), System.out);
        return 0;
    }

    private Config settings() {
        try {
            return new Config(completions, workers == null ? Config.defaults().workers() : workers, rounds);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
