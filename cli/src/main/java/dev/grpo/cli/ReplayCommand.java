package dev.grpo.cli;

import dev.grpo.cli.kafka.KafkaConnection;
import dev.grpo.cli.options.PositionText;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.Replay;
import dev.grpo.streams.ReplayOutputs;
import dev.grpo.streams.ReplayPosition;
import dev.grpo.streams.ReplayProgress;
import dev.grpo.streams.ReplayRange;
import dev.grpo.streams.ReplayRefusedException;
import dev.grpo.streams.ReplayReport;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.spi.StreamTopics;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code grpo replay}: re-scores a range of {@code grpo.rollouts} with a new reward configuration
 * into topics of the run, beside live training, and exits with a summary when the range is done.
 */
@Command(name = "replay",
        description = {"Re-score a range of grpo.rollouts history with a new reward configuration into new topics "
                + "(grpo.rewards.rules.RUN, grpo.advantages.RUN, grpo.dlq.RUN), while live training goes on untouched.",
            "External components of the configuration are read from their existing grpo.rewards.NAME topics. "
                    + "The replay stops by itself once every group of the range is assembled, dropped or dead-lettered."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnection kafka;

    @Option(names = "--run", required = true, paramLabel = "NAME",
            description = "Name of this replay: it names the output topics and the replay's consumer groups.")
    private String run;

    @Option(names = "--from", required = true, paramLabel = "POSITION", converter = PositionText.class,
            description = "First rollout replayed: earliest, offset:N (on every partition), timestamp:T (ISO-8601, "
                    + "e.g. 2026-11-22T14:05:00Z, or epoch ms) or version:V (first rollout of policy version V or "
                    + "later).")
    private ReplayPosition from;

    @Option(names = "--to", paramLabel = "POSITION", converter = PositionText.class,
            description = "First rollout no longer replayed, in the same forms. Default: the end of every partition "
                    + "when the replay starts.")
    private ReplayPosition to;

    /** The new reward configuration; --reward-config is required here. */
    @Mixin
    private RewardConfigOptions rewards;

    @Option(names = "--out-topic", paramLabel = "TOPIC",
            description = "Advantages topic to write. Default: grpo.advantages.RUN.")
    private String outTopic;

    @Option(names = "--force",
            description = "Delete and recreate output topics that already exist, and reset the replay's own state.")
    private boolean force;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Stream threads per replay app. Default: ${DEFAULT-VALUE}.")
    private int threads;

    @Override
    public Integer call() throws InterruptedException {
        Replay replay = replay();
        PrintWriter err = spec.commandLine().getErr();
        ProgressDisplay display = new ProgressDisplay(err, run);
        Thread caller = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            caller.interrupt();
            awaitQuietly(finished);
        }, "grpo-replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ReplayReport report;
        try {
            report = replay.run(display::show);
        } catch (ReplayRefusedException refused) {
            throw new ParameterException(spec.commandLine(), refused.getMessage(), refused);
        } finally {
            display.finish();
            finished.countDown();
            removeQuietly(hook);
        }
        PrintWriter out = spec.commandLine().getOut();
        report.lines().forEach(out::println);
        out.flush();
        return 0;
    }

    private Replay replay() {
        try {
            ReplayRange range = ReplayRange.from(from);
            if (to != null) {
                range = range.to(to);
            }
            RewardConfig config = rewards.requireFile().config();
            KafkaClusterConfig cluster = kafka.cluster();
            ReplayOutputs outputs = ReplayOutputs.of(new StreamTopics(cluster.topicPrefix()), run,
                    Optional.ofNullable(outTopic));
            return new Replay(cluster, outputs, range, config, force, threads);
        } catch (IllegalArgumentException | UncheckedIOException bad) {
            throw new ParameterException(spec.commandLine(), bad.getMessage(), bad);
        }
    }

    /** Lets Ctrl-C wait until the replay apps have closed, so no transaction is left open. */
    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already shutting down and runs the hook anyway.
        }
    }

    /** The one live line rewritten in place while the replay runs. */
    private static final class ProgressDisplay {

        private final PrintWriter err;
        private final String run;
        private final long startNanos = System.nanoTime();
        private boolean shown;

        ProgressDisplay(PrintWriter err, String run) {
            this.err = err;
            this.run = run;
        }

        void show(ReplayProgress progress) {
            err.print(String.format(Locale.ROOT,
                    "\rreplay %s: rollouts %d/%d scored  groups %d/%d settled  %d samples  %d dead letters  %4.0f s ",
                    run, progress.rolloutsScored(), progress.rollouts(), progress.groupsSettled(), progress.groups(),
                    progress.samples(), progress.deadLetters(), (System.nanoTime() - startNanos) / 1e9));
            err.flush();
            shown = true;
        }

        void finish() {
            if (shown) {
                err.println();
                err.flush();
            }
        }
    }
}
