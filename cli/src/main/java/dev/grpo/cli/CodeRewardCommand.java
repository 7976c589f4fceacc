package dev.grpo.cli;

import dev.grpo.cli.options.DurationText;
import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.cli.metrics.MetricsOptions;
import dev.grpo.coderewards.CodeRewardConfig;
import dev.grpo.coderewards.CodeRewardStage;
import dev.grpo.coderewards.Failure;
import dev.grpo.coderewards.ScoringTally;
import dev.grpo.workflow.metrics.StageMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo code-reward}: runs the code-reward stage against a cluster until Ctrl-C, printing a progress line
 * periodically. Refuses to start, in one line saying how to install it, when bubblewrap is missing: generated code is
 * never run unsandboxed.
 */
@Command(name = "code-reward",
        description = {"Run generated programs against their prompt's tests in a bubblewrap sandbox "
                + "(grpo.rollouts with a verification spec -> grpo.rewards.code) until Ctrl-C.",
            "Scores are 1 when every test passes, else 0 (--partial: the fraction passed), with the failing reason "
                + "in the details; they commit in one Kafka transaction with the consumed offsets (exactly-once, "
                + "restart-safe). Rollouts without a spec are skipped; records that cannot be scored go to grpo.dlq.",
            "Needs only Kafka access and bubblewrap (apt-get install -y bubblewrap), so it may run on a host or "
                + "container of its own."})
public final class CodeRewardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Option(names = "--workers", paramLabel = "N",
            description = "Programs run at the same time; the consumer pauses while twice as many are in flight. "
                    + "Default: the number of cores.")
    private Integer workers;

    @Option(names = "--partial",
            description = "Score the fraction of tests passed instead of DeepSeek-R1's all-or-nothing (every test "
                    + "runs then).")
    private boolean partial;

    @Option(names = "--instance-id", paramLabel = "NAME",
            description = "Names this instance; keep it across restarts. It joins the consumer group as the static "
                    + "member <group>-NAME and produces with that transactional id, so a restarted instance takes its "
                    + "partitions back at once and fences its killed predecessor. Instances running at the same time "
                    + "need different names. Letters, digits, '.', '_', '-'. Default: this machine's host name.")
    private String instanceId;

    @Option(names = "--group-id", paramLabel = "NAME", defaultValue = CodeRewardConfig.DEFAULT_GROUP_ID,
            description = "The stage's consumer group (and its name in dead letters). Default: ${DEFAULT-VALUE}.")
    private String groupId;

    @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "10s", converter = DurationText.class,
            description = "How often to print a progress line. Default: ${DEFAULT-VALUE}.")
    private Duration progressEvery;

    @Mixin
    private MetricsOptions metrics;

    @Override
    public Integer call() {
        CodeRewardConfig settings = settings();
        CodeRewardStage stage = CodeRewardStage.sandboxed(settings);
        PrintWriter err = spec.commandLine().getErr();
        try (StageMetrics meters = metrics.open("code-reward", settings.instanceId())) {
            register(meters.registry(), stage);
            meters.uri().ifPresent(uri -> err.println("metrics on " + uri));
            return run(settings, stage, err);
        }
    }

    /** Committed outcomes as Prometheus counters: rollouts scored by result, skipped and dead-lettered. */
    private static void register(MeterRegistry registry, CodeRewardStage stage) {
        FunctionCounter.builder("grpo.code_reward.rollouts", stage, s -> s.tally().passed())
                .tag("result", "passed").description("Rollouts scored, by result (passed or the failure)")
                .register(registry);
        for (Failure failure : Failure.values()) {
            if (failure != Failure.NONE && failure != Failure.SANDBOX_ERROR) {
                FunctionCounter.builder("grpo.code_reward.rollouts", stage,
                                s -> s.tally().failed().getOrDefault(failure, 0L))
                        .tag("result", failure.name().toLowerCase(Locale.ROOT)).register(registry);
            }
        }
        FunctionCounter.builder("grpo.code_reward.skipped", stage, s -> s.tally().skipped())
                .description("Rollouts without a verification spec").register(registry);
        FunctionCounter.builder("grpo.code_reward.dead_letters", stage, s -> s.tally().deadLettered())
                .description("Records sent to the dead-letter topic").register(registry);
    }

    private int run(CodeRewardConfig settings, CodeRewardStage stage, PrintWriter err) {
        CountDownLatch reported = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stage.close();
            awaitQuietly(reported);  // the JVM halts once the hooks return: let the last line out first
        }, "grpo-code-reward-shutdown"));
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "grpo-code-reward-progress");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<ScoringTally> previous = new AtomicReference<>(stage.tally());
        long every = Math.max(1, progressEvery.toMillis());
        progress.scheduleAtFixedRate(() -> {
            ScoringTally now = stage.tally();
            print(err, now.line(previous.getAndSet(now), progressEvery));
        }, every, every, TimeUnit.MILLISECONDS);
        err.println("code-reward running against " + kafka.bootstrapServers() + " as " + settings.memberId() + " with "
                + settings.workers() + " workers, " + stage.rewardVersion() + "; Ctrl-C stops");
        err.flush();
        long start = System.nanoTime();
        try {
            stage.run();
        } finally {
            progress.shutdownNow();
            print(err, "stopped; " + stage.tally().line(ScoringTally.empty(),
                    Duration.ofNanos(System.nanoTime() - start)));
            reported.countDown();
        }
        return 0;
    }

    private CodeRewardConfig settings() {
        CodeRewardConfig.Builder builder = CodeRewardConfig.builder(kafka.cluster())
                .groupId(groupId).partial(partial)
                .instanceId(instanceId != null ? instanceId : RewardsCommand.hostName());
        if (workers != null) {
            builder.workers(workers);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void print(PrintWriter err, String line) {
        synchronized (err) {
            err.println("code-reward: " + line);
            err.flush();
        }
    }
}
