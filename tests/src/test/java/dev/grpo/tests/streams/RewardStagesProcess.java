package dev.grpo.tests.streams;

import dev.grpo.streams.assembler.GroupAssemblerApp;
import dev.grpo.streams.config.RewardConfig;
import dev.grpo.streams.rules.RuleRewardsApp;
import dev.grpo.streams.topology.StreamTopics;
import dev.grpo.streams.topology.StreamsApp;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Both reward stream apps in a JVM of their own, so a test can kill them without a clean close:
 * {@code RewardStagesProcess BOOTSTRAP_SERVERS TOPIC_PREFIX STATE_DIR}. Prints {@code RUNNING}
 * once both run, then runs until the process dies.
 */
public final class RewardStagesProcess {

    /** The line printed once both apps run. */
    static final String RUNNING = "RUNNING";

    private RewardStagesProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrapServers = args[0];
        StreamTopics topics = new StreamTopics(args[1]);
        Path stateDir = Path.of(args[2]);
        RewardConfig config = RewardConfig.defaults();
        StreamsApp rules = new RuleRewardsApp(RewardStages.settings(bootstrapServers, topics, "rules", stateDir), config,
                topics).start();
        StreamsApp assembler = new GroupAssemblerApp(
                RewardStages.settings(bootstrapServers, topics, "assembler", stateDir), config, topics).start();
        while (rules.state() != KafkaStreams.State.RUNNING || assembler.state() != KafkaStreams.State.RUNNING) {
            Thread.sleep(50);
        }
        System.out.println(RUNNING);
        System.out.flush();
        Thread.currentThread().join();
    }
}
