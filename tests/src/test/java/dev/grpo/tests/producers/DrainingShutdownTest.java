package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.producers.Generator;
import dev.grpo.producers.config.PromptOrigin;
import dev.grpo.records.Rollout;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a busy generator publishes every group it was granted, whole, marks each published in the claims log, and
 * starts no new one.
 */
@ExtendWith(KafkaClusterExtension.class)
class DrainingShutdownTest {

    private static final int GROUP_SIZE = 3;

    @TempDir
    Path checkpoints;

    @Test
    void everyGrantedGroupIsPublishedWhole(KafkaCluster kafka) throws Exception {
        TinyCheckpoints.write(checkpoints, 0);
        GeneratorSetup setup = new GeneratorSetup(kafka, checkpoints);
        long published;
        try (Generator generator = Generator.start(setup.config("drained", new PromptOrigin.SyntheticTask(5),
                GROUP_SIZE, 1, 1000, 3), new SimpleMeterRegistry())) {
            HotSwapTest.await(() -> generator.metrics().groups() >= 3, "three groups");
            generator.close();
            published = generator.metrics().groups();
        }

        List<Rollout> rollouts = setup.rollouts((int) published * GROUP_SIZE);
        Map<String, Long> members = rollouts.stream()
                .collect(Collectors.groupingBy(Rollout::getGroupId, Collectors.counting()));
        assertThat(members).hasSize((int) published).allSatisfy((group, count) -> assertThat(count).isEqualTo(3L));
        Map<Boolean, Long> claimsAndMarkers = kafka.read(setup.topics.claims(), 2 * (int) published,
                new StringDeserializer(), new StringDeserializer(), Map.of()).stream()
                .collect(Collectors.partitioningBy(r -> r.value().startsWith("published:"), Collectors.counting()));
        assertThat(claimsAndMarkers.get(false)).as("claims granted (all are, with this bound)").isEqualTo(published);
        assertThat(claimsAndMarkers.get(true)).as("groups marked published").isEqualTo(published);
    }
}
