package dev.grpo.tests.streams;

import dev.grpo.streams.config.RewardConfig;
import dev.grpo.streams.topology.StreamTopics;
import dev.grpo.streams.topology.StreamsApp;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The reward stream apps of a deployment in a JVM of their own, so a test can kill them without a
 * clean close: {@code RewardStagesProcess BOOTSTRAP_SERVERS TOPIC_PREFIX STATE_DIR DEPLOYMENT}.
 * Prints {@code RUNNING} once they all run, then runs until the process dies.
 */
public final class RewardStagesProcess {

    /** The line printed once the apps run. */
    static final String RUNNING = "RUNNING";

    private RewardStagesProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrapServers = args[0];
        StreamTopics topics = new StreamTopics(args[1]);
        Path stateDir = Path.of(args[2]);
        RewardStages.Deployment deployment = RewardStages.Deployment.valueOf(args[3]);
        List<StreamsApp> apps = deployment.start(bootstrapServers, topics, RewardConfig.defaults(), stateDir);
        while (apps.stream().anyMatch(app -> app.state() != KafkaStreams.State.RUNNING)) {
            Thread.sleep(50);
        }
        System.out.println(RUNNING);
        System.out.flush();
        Thread.currentThread().join();
    }
}
