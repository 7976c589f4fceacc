package dev.grpo.tests.streams;

import dev.grpo.records.AdvantageSample;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import dev.grpo.tests.streams.RewardStages.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** An external reward consumer, in a consumer group of its own, adds a component the assembler waits for. */
@ExtendWith(KafkaClusterExtension.class)
class ExternalRewardTest {

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void theAssemblerWaitsForTheExternalComponentAndWeighsItIn(Deployment deployment, KafkaCluster kafka,
            @TempDir Path stateDir) throws InterruptedException {
        StreamTopics topics = RewardStages.topics(kafka, "external");
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight." + LengthRewardConsumer.COMPONENT, "0.5"));
        try (RewardStages stages = RewardStages.start(kafka, topics, config, stateDir, deployment);
                RolloutRecords rollouts = new RolloutRecords(kafka, topics)) {
            rollouts.publishGroup("g-a", 4);
            rollouts.publishGroup("g-b", 4);
            rollouts.flush();

            stages.awaitAllConsumed();
            assertThat(stages.endOffsets(topics.advantages())).as("nothing before the external component").isZero();

            LengthRewardConsumer external = new LengthRewardConsumer(kafka, topics);
            Thread thread = new Thread(external, "external-reward");
            thread.start();
            List<AdvantageSample> samples = stages.advantages(8);
            external.stop();
            thread.join();

            assertThat(samples).hasSize(8);
            assertThat(samples).allSatisfy(sample -> {
                assertThat(sample.getRewardComponents()).containsOnlyKeys("accuracy", "format", "language_consistency", "length");
                assertThat(sample.getRewardComponents().get("length")).isEqualTo(0.8);
                assertThat(sample.getRewardVersions()).containsEntry("length", "length-test");
                double expected = sample.getRewardComponents().get("accuracy") + 1.0 + 1.0 + 0.5 * 0.8;
                assertThat(sample.getReward()).isCloseTo(expected, within(1e-12));
            });
            Map<String, Double> advantageSums = samples.stream().collect(
                    Collectors.groupingBy(AdvantageSample::getGroupId, Collectors.summingDouble(AdvantageSample::getAdvantage)));
            assertThat(advantageSums).containsOnlyKeys("g-a", "g-b");
            advantageSums.values().forEach(sum -> assertThat(sum).isCloseTo(0.0, within(1e-9)));
        }
    }
}
