package dev.grpo.cli;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.cli.metrics.MetricsOptions;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.RewardTopicCheck;
import dev.grpo.streams.RuleRewardsApp;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.workflow.metrics.StageMetrics;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
import picocli.CommandLine.ParameterException;
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
            "Records that cannot be used go to grpo.dlq with the reason and their original bytes (the longest "
                + "prefix that can be sent, when they are too large to go whole)."})
public final class RewardsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Mixin
    private RewardConfigOptions rewards;

    @Mixin
    private MetricsOptions metrics;

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

    @Option(names = "--instance-id", paramLabel = "NAME",
            description = "Names this instance of the deployment; keep it across restarts. Its stream threads join "
                    + "their consumer groups as static members (<application id>-NAME-<thread>), so after a crash the "
                    + "restarted instance takes its partitions back at once instead of waiting about 45 s for the "
                    + "group to drop the dead one. Instances running at the same time need different names (a second "
                    + "one with the same name fences the first). Letters, digits, '.', '_', '-'. "
                    + "Default: this machine's host name.")
    private String instanceId;

    @Override
    public Integer call() throws InterruptedException {
        RewardConfig config = rewards.config();
        String instance = instanceId != null ? instanceId : hostName();
        PrintWriter err = spec.commandLine().getErr();
        kafka.withAdmin(Duration.ofSeconds(30), admin -> RewardTopicCheck.of(config, new StreamTopics(kafka.cluster().topicPrefix()))
                .verify(admin, Duration.ofSeconds(30)));
        try (StageMetrics meters = metrics.open("rewards", instance)) {
            List<StreamsApp> apps = new ArrayList<>();
            if (rulesApp) {
                apps.add(new RuleRewardsApp(settings(RuleRewardsApp.APPLICATION_ID, instance), config,
                        new StreamTopics(kafka.cluster().topicPrefix())).create());
            }
            apps.add(new GroupAssemblerApp(settings(GroupAssemblerApp.APPLICATION_ID, instance), config,
                    new StreamTopics(kafka.cluster().topicPrefix()), !rulesApp).create());
            apps.forEach(app -> meters.bind(app.streams(), app.applicationId()));
            return new RunningStreamApps(apps).runUntilStopped("grpo-rewards-shutdown", () -> {
                err.println("rewards running against " + kafka.bootstrapServers() + " as instance " + instance
                        + " with weights " + config.weights()
                        + (rulesApp ? ", rules in an app of their own" : ", rules scored in the assembler")
                        + "; Ctrl-C stops");
                meters.uri().ifPresent(uri -> err.println("metrics at " + uri));
                err.flush();
            });
        }
    }

    private StreamAppConfig settings(String applicationId, String instance) {
        StreamAppConfig settings = new StreamAppConfig(kafka.cluster(), applicationId,
                stateDir.resolve(applicationId), threads, Duration.ofMillis(100), Map.of());
        try {
            return settings.asInstance(instance);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--instance-id: " + e.getMessage());
        }
    }

    /** This machine's name as an instance id: stable across restarts, and usually one instance per machine. */
    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
            return name.isEmpty() ? "localhost" : name.substring(0, Math.min(name.length(), 128));
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
