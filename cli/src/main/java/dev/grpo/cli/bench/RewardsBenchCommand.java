package dev.grpo.cli.bench;

import dev.grpo.cli.broker.EmbeddedKafkaBroker;
import dev.grpo.streams.bench.RewardsBenchmark;
import dev.grpo.streams.bench.RewardsBenchmark.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grpo bench rewards}: rule rewards plus the group assembler against a raw Kafka produce→consume of the same
 * bytes on the same broker; on a fresh embedded broker unless {@code --bootstrap-servers} names one.
 */
@Command(
        name = "rewards",
        headerHeading = "%n",
        header = "Rule rewards + group assembler throughput and latency, beside raw Kafka on the same broker.",
        descriptionHeading = "%n",
        description = {"Without --bootstrap-servers it starts an embedded single-node broker in a temporary "
                + "directory, so both paths run on the same, otherwise idle broker."})
final class RewardsBenchCommand implements Callable<Integer> {

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to benchmark on. Default: a fresh embedded broker.")
    private String bootstrapServers;

    @Option(names = "--rollouts", paramLabel = "N", description = "Rollouts per path.")
    private Integer rollouts;

    @Option(names = "--group-size", paramLabel = "G", description = "Completions per group.")
    private Integer groupSize;

    @Option(names = "--tokens", paramLabel = "T", description = "Tokens per completion (default 512).")
    private Integer tokens;

    @Option(names = "--rounds", paramLabel = "R",
            description = "Bursts per path, the paths taking turns; the ratio is the median round's (default 7).")
    private Integer rounds;

    @Option(names = "--warm-up-rounds", paramLabel = "W",
            description = "Uncounted rounds before them, while the JIT and the broker warm up (default 2).")
    private Integer warmUpRounds;

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers != null) {
            System.out.print(RewardsBenchmark.run(bootstrapServers, options()).report());
            return 0;
        }
        Path dir = Files.createTempDirectory("grpo-bench-kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dir))) {
            System.out.print(RewardsBenchmark.run(broker.bootstrapServers(), options()).report());
        }
        return 0;
    }

    private Options options() {
        Options defaults = Options.defaults();
        return new Options(rollouts == null ? defaults.rollouts() : rollouts,
                groupSize == null ? defaults.groupSize() : groupSize,
                tokens == null ? defaults.tokens() : tokens,
                defaults.pacedRate(), defaults.pacedDuration(), rounds == null ? defaults.rounds() : rounds,
                warmUpRounds == null ? defaults.warmUpRounds() : warmUpRounds);
    }
}
