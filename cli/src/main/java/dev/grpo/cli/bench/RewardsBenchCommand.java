package dev.grpo.cli.bench;

import dev.grpo.bench.rewards.RewardsBenchmark;
import dev.grpo.bench.rewards.RewardsBenchmark.Config;
import dev.grpo.broker.EmbeddedKafkaBroker;
import dev.grpo.cli.broker.EmbeddedBrokerJars;
import dev.grpo.schemas.KafkaClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grpo bench rewards}: rule rewards plus the group assembler against a raw Kafka produce→consume of the same
 * bytes on the same broker; on a fresh embedded broker unless {@code --bootstrap-servers} names one.
 */
@Command(
        name = "rewards",
        headerHeading = "%n",
        header = "Rule rewards + group assembler throughput and latency, beside raw Kafka on the same broker.",
        descriptionHeading = "%n",
        description = {"Three paths take turns with the same bursts of rollouts: a raw produce->consume, grpo rewards "
                + "(the assembler scoring the rules) and grpo rewards --rules-app (two apps). It prints rollouts/s, "
                + "p50/p99 latency from publish to advantage, CPU time per rollout, and each path's throughput as a "
                + "share of raw.",
            "Without --bootstrap-servers it starts an embedded single-node broker in a temporary "
                + "directory, so all paths run on the same, otherwise idle broker."})
final class RewardsBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to benchmark on. Default: a fresh embedded broker.")
    private String bootstrapServers;

    @Option(names = "--rollouts", paramLabel = "N", description = "Rollouts per burst (default 8000).")
    private Integer rollouts;

    @Option(names = "--group-size", paramLabel = "G", description = "Completions per group (default 8).")
    private Integer groupSize;

    @Option(names = "--tokens", paramLabel = "T", description = "Tokens per completion (default 512).")
    private Integer tokens;

    @Option(names = "--rounds", paramLabel = "R",
            description = "Bursts per path, the paths taking turns; the ratio is the median round's (default 7).")
    private Integer rounds;

    @Option(names = "--warmup-rounds", paramLabel = "W",
            description = "Uncounted rounds before them, while the JIT and the broker warm up (default 2).")
    private Integer warmupRounds;

    @Option(names = "--warm-up-rounds", paramLabel = "W", hidden = true, description = "Deprecated spelling of --warmup-rounds.")
    private void deprecatedWarmupRounds(int rounds) {
        this.warmupRounds = rounds;
    }

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers != null) {
            System.out.print(RewardsBenchmark.run(KafkaClusterConfig.of(bootstrapServers), settings()).report());
            return 0;
        }
        if (EmbeddedBrokerJars.absent(spec)) {
            return EmbeddedBrokerJars.EXIT_CODE;
        }
        Path dir = Files.createTempDirectory("grpo-bench-kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.inDirectory(dir))) {
            System.out.print(RewardsBenchmark.run(KafkaClusterConfig.of(broker.bootstrapServers()), settings()).report());
        }
        return 0;
    }

    private Config settings() {
        Config defaults = Config.defaults();
        return new Config(rollouts == null ? defaults.rollouts() : rollouts,
                groupSize == null ? defaults.groupSize() : groupSize,
                tokens == null ? defaults.tokens() : tokens,
                defaults.pacedRate(), defaults.pacedDuration(), rounds == null ? defaults.rounds() : rounds,
                warmupRounds == null ? defaults.warmUpRounds() : warmupRounds);
    }
}
