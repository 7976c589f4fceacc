package dev.grpo.tests.streams;

import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The reward stream apps of a deployment in a JVM of their own, so a test can kill them without a
 * clean close: {@code RewardStagesProcess BOOTSTRAP_SERVERS TOPIC_PREFIX STATE_DIR DEPLOYMENT [MEMBERSHIP]}
 * (membership {@code QUICK_FAILOVER} unless named).
 * Prints {@code RUNNING} once they all run, then runs until the process dies; exits with status 1
 * when an app stops by itself (it failed), so a test sees a dead stage as a dead process.
 */
public final class RewardStagesProcess {

    /** The line printed once the apps run. */
    static final String RUNNING = "RUNNING";

    private static final Duration START_PATIENCE = Duration.ofSeconds(120);
    private static final EnumSet<KafkaStreams.State> STOPPED =
            EnumSet.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN,
                    KafkaStreams.State.NOT_RUNNING);

    private RewardStagesProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrapServers = args[0];
        StreamTopics topics = new StreamTopics(args[1]);
        Path stateDir = Path.of(args[2]);
        RewardStages.Deployment deployment = RewardStages.Deployment.valueOf(args[3]);
        RewardStages.Membership membership = args.length > 4 ? RewardStages.Membership.valueOf(args[4])
                : RewardStages.Membership.QUICK_FAILOVER;
        List<StreamsApp> apps = deployment.start(bootstrapServers, topics, RewardConfig.defaults(), stateDir, membership);
        while (apps.stream().anyMatch(app -> app.state() != KafkaStreams.State.RUNNING)) {
            Thread.sleep(50);
        }
        System.out.println(RUNNING);
        System.out.flush();
        while (true) {
            for (StreamsApp app : apps) {
                if (STOPPED.contains(app.state())) {
                    System.out.println("STOPPED " + app.applicationId() + " " + app.state());
                    System.out.flush();
                    System.exit(1);
                }
            }
            Thread.sleep(100);
        }
    }

    /**
     * Starts the apps of {@code deployment} in a child JVM with this JVM's class path, logging to
     * {@code dir/name.log} with their state under {@code dir/state}, and waits until they run.
     */
    static Process start(KafkaCluster kafka, StreamTopics topics, Path dir, String name,
            RewardStages.Deployment deployment) throws IOException, InterruptedException {
        Process process = launch(kafka, topics, dir, name, deployment, RewardStages.Membership.QUICK_FAILOVER);
        awaitRunning(process, dir.resolve(name + ".log"));
        return process;
    }

    /** Starts the apps as {@link #start} does, with {@code membership}, without waiting for them. */
    static Process launch(KafkaCluster kafka, StreamTopics topics, Path dir, String name,
            RewardStages.Deployment deployment, RewardStages.Membership membership) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), RewardStagesProcess.class.getName(),
                kafka.bootstrapServers(), topics.prefix(), dir.resolve("state").toString(), deployment.name(),
                membership.name())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    /** Waits until the apps of {@code process}, logging to {@code log}, run. */
    static void awaitRunning(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (!Files.readString(log).contains(RUNNING)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the reward apps did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }
}
