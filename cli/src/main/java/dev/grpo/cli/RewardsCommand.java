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
 * {@code grpo rewards}: runs the group assembler scoring the rule rewards itself, or the rule-reward
 * app and the assembler as two apps (all exactly-once Kafka Streams apps), against a cluster until
 * Ctrl-C, or until one fails.
 */
@Command(name = "rewards",
        description = {"Run the rule rewards (grpo.rollouts -> grpo.rewards.rules) and the group assembler "
                + "(rollouts + every configured grpo.rewards.<name> -> grpo.advantages) until Ctrl-C.",
            "By default one app does both: it scores each rollout's rules as it arrives, publishes the scores to "
                + "grpo.rewards.rules for anyone who reads them, and waits only for external components. "
                + "--rules-app runs the rules as an app of their own instead.",
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

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Stream threads per app (tasks are per partition). Default: ${DEFAULT-VALUE}.")
    private int threads;

    @Option(names = "--rules-app",
            description = "Run the rule rewards as a separate app (grpo-rule-rewards) that the assembler reads, to "
                    + "scale or restart them apart. It reads every rollout twice: about 40 %% of raw Kafka throughput "
                    + "on 2 cores, against about 60 %% for the default (grpo bench rewards).")
    private boolean rulesApp;

    @Override
    public Integer call() throws InterruptedException {
        RewardConfig config = rewards.config();
        PrintWriter err = spec.commandLine().getErr();
        List<StreamsApp> apps = new ArrayList<>();
        if (rulesApp) {
            apps.add(new RuleRewardsApp(settings(RuleRewardsApp.APPLICATION_ID), config, StreamTopics.catalogue()).create());
        }
        apps.add(new GroupAssemblerApp(settings(GroupAssemblerApp.APPLICATION_ID), config, StreamTopics.catalogue(),
                !rulesApp).create());
        return new RunningStreamApps(apps).runUntilStopped("grpo-rewards-shutdown", () -> {
            err.println("rewards running against " + kafka.bootstrapServers() + " with weights " + config.weights()
                    + (rulesApp ? ", rules in an app of their own" : ", rules scored in the assembler") + "; Ctrl-C stops");
            err.flush();
        });
    }

    private StreamsSettings settings(String applicationId) {
        return new StreamsSettings(kafka.bootstrapServers(), applicationId, stateDir.resolve(applicationId), threads,
                Duration.ofMillis(100), Map.of());
    }
}
