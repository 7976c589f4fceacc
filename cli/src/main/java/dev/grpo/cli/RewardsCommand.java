package dev.grpo.cli;

import dev.grpo.streams.assembler.GroupAssemblerApp;
import dev.grpo.streams.config.RewardConfig;
import dev.grpo.streams.rules.RuleRewardsApp;
import dev.grpo.streams.topology.StreamTopics;
import dev.grpo.streams.topology.StreamsApp;
import dev.grpo.streams.topology.StreamsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grpo rewards}: runs the rule-reward app and the group assembler (both exactly-once Kafka
 * Streams apps), or the assembler alone scoring the rules itself, against a cluster until Ctrl-C,
 * or until one fails.
 */
@Command(name = "rewards",
        description = {"Run the rule rewards (grpo.rollouts -> grpo.rewards.rules) and the group assembler "
                + "(rollouts + every configured grpo.rewards.<name> -> grpo.advantages) until Ctrl-C.",
            "Records that cannot be used go to grpo.dlq with the reason and their original bytes."})
public final class RewardsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Mixin
    private RewardConfigOptions rewards;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the stream apps keep local state. "
            + "Default: ${DEFAULT-VALUE}.", defaultValue = "${java.io.tmpdir}/grpo-streams")
    private Path stateDir;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Stream threads per app (tasks are per partition). Default: ${DEFAULT-VALUE}.")
    private int threads;

    @Option(names = "--rules-in-assembler",
            description = "Score the rule rewards inside the assembler instead of in a separate app: rollouts are read "
                    + "once and all-rule groups close as their last member arrives (grpo.rewards.rules is still written). "
                    + "Give it --threads 2 or more on a multi-core machine.")
    private boolean rulesInAssembler;

    @Override
    public Integer call() throws InterruptedException {
        RewardConfig config = rewards.config();
        PrintWriter err = spec.commandLine().getErr();
        List<StreamsApp> apps = new ArrayList<>();
        if (!rulesInAssembler) {
            apps.add(new RuleRewardsApp(settings(RuleRewardsApp.APPLICATION_ID), config, StreamTopics.catalogue()).create());
        }
        apps.add(new GroupAssemblerApp(settings(GroupAssemblerApp.APPLICATION_ID), config, StreamTopics.catalogue(),
                rulesInAssembler).create());
        return new RunningStreamApps(apps).runUntilStopped("grpo-rewards-shutdown", () -> {
            err.println("rewards running against " + kafka.bootstrapServers() + " with weights " + config.weights()
                    + (rulesInAssembler ? ", rules scored in the assembler" : "") + "; Ctrl-C stops");
            err.flush();
        });
    }

    private StreamsSettings settings(String applicationId) {
        return new StreamsSettings(kafka.bootstrapServers(), applicationId, stateDir.resolve(applicationId), threads,
                Duration.ofMillis(100), Map.of());
    }
}
