package dev.grpo.tests.coderewards;

import dev.grpo.coderewards.CodeRewardConfig;
import dev.grpo.coderewards.CodeRewardStage;
import dev.grpo.streams.spi.StreamTopics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The code-reward stage in a JVM of its own, so a test can kill it without a clean close:
 * {@code CodeRewardStageProcess BOOTSTRAP TOPIC_PREFIX GROUP INSTANCE}. SIGTERM stops it gracefully, as Ctrl-C stops
 * {@code grpo code-reward}.
 */
public final class CodeRewardStageProcess {

    private CodeRewardStageProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        CodeRewardConfig settings = CodeRewardConfig.builder(args[0]).topics(new StreamTopics(args[1]))
                .groupId(args[2]).instanceId(args[3]).workers(2)
                .override(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000)
                .override(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000)
                .build();
        CodeRewardStage stage = CodeRewardStage.sandboxed(settings);
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stage.close();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "code-reward-process-shutdown"));
        try {
            stage.run();
        } finally {
            finished.countDown();
        }
        System.exit(0);
    }

    /** Starts a stage process of {@code rollouts}' test with this JVM's class path, its output in {@code log}. */
    static Process launch(CodeRollouts rollouts, String bootstrapServers, String instance, Path log)
            throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CodeRewardStageProcess.class.getName(),
                bootstrapServers, rollouts.topics().prefix(), rollouts.groupId(), instance);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
