package dev.grpo.tests.learner;

import dev.grpo.learner.GrpoLearner;
import dev.grpo.learner.LearnerConfig;
import dev.grpo.learner.LearnerConfig.LearnerTopics;
import dev.grpo.learner.TrainingRun;
import dev.grpo.schemas.KafkaClusterConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A learner in a JVM of its own, so a test can kill it without a clean close:
 * {@code LearnerProcess BOOTSTRAP ADVANTAGES STALE VERSIONS DLQ INITIAL CHECKPOINTS LEARNER_ID MAX_STEPS
 * [GROUPS_PER_STEP MAX_STALENESS CHECKPOINT_EVERY GROUP_TIMEOUT_MS]} (defaults 2, 1000, 2 and 5 minutes).
 * Prints {@code STEP <version>} after every step and exits once it has reached MAX_STEPS (0 = never); SIGTERM stops it
 * cleanly after the current step, as {@code grpo learn} does on Ctrl-C.
 */
public final class LearnerProcess {

    /** The prefix of the line printed after every step. */
    static final String STEP = "STEP ";

    private LearnerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        int groupsPerStep = args.length > 9 ? Integer.parseInt(args[9]) : 2;
        long maxStaleness = args.length > 10 ? Long.parseLong(args[10]) : 1000;
        int checkpointEvery = args.length > 11 ? Integer.parseInt(args[11]) : 2;
        Duration groupTimeout = args.length > 12 ? Duration.ofMillis(Long.parseLong(args[12]))
                : TrainingRun.DEFAULT_GROUP_TIMEOUT;
        LearnerConfig config = LearnerConfig.builder(args[7], KafkaClusterConfig.of(args[0]), Path.of(args[6]))
                .initialCheckpoint(Path.of(args[5])).topics(new LearnerTopics(args[1], args[2], args[3], args[4]))
                .pollTimeout(Duration.ofMillis(100)).groupsPerStep(groupsPerStep).groupsPerMiniBatch(1)
                .maxStaleness(maxStaleness).maxSteps(Long.parseLong(args[8])).groupTimeout(groupTimeout)
                .learningRate(1e-3f).warmupSteps(2).referenceRefreshSteps(3).checkpointEvery(checkpointEvery)
                .keepCheckpoints(0).device("cpu").seed(5).build();
        CountDownLatch finished = new CountDownLatch(1);
        try (GrpoLearner learner = new GrpoLearner(config, new SimpleMeterRegistry(), step -> {
            System.out.println(STEP + step.version());
            System.out.flush();
        })) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                learner.close();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "learner-process-shutdown"));
            try {
                learner.run();
            } finally {
                finished.countDown();
            }
        }
        System.exit(0);
    }

    /**
     * Starts a learner process with this JVM's class path.
     *
     * @param errorLog where its standard error goes
     * @param args the arguments of {@link #main}
     * @return the process
     */
    static Process launch(Path errorLog, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx512m", "-Dai.djl.offline=true",
                "-Dgrpo.log.level=" + System.getProperty("grpo.log.level", "WARN"), "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
                LearnerProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(errorLog.toFile()).start();
    }

    /** Lines {@code STEP n} of the child's output, as they come. */
    static BlockingQueue<String> stepLines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                in.lines().filter(line -> line.startsWith(STEP)).forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // the process was killed; its output simply ends
            }
        }, "learner-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Waits for the next step line; false when the learner exits first or takes more than a minute. */
    static boolean awaitStep(Process learner, BlockingQueue<String> steps) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (steps.poll(50, TimeUnit.MILLISECONDS) != null) {
                return learner.isAlive();
            }
            if (!learner.isAlive()) {
                return false;
            }
        }
        return false;
    }
}
