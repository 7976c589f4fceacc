package dev.grpo.tests.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.policy.SamplingConfig;
import dev.grpo.producers.Generator;
import dev.grpo.producers.GeneratorConfig;
import dev.grpo.producers.PromptOrigin;
import dev.grpo.records.Prompt;
import dev.grpo.records.Rollout;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;

/**
 * Closing a busy generator publishes every group it was granted, whole, marks each published in the claims log, and
 * starts no new one; so does a generator whose prompts fail, which then fails with their error.
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

    @Test
    void aGeneratorWhosePromptsFailPublishesEveryGrantedGroupThenFailsWithTheirError(KafkaCluster kafka)
            throws Exception {
        TinyCheckpoints.write(checkpoints, 0);
        GeneratorSetup setup = new GeneratorSetup(kafka, checkpoints);
        // completions as long as the tiny model's context allows, so the granted groups are still sampling
        GeneratorConfig config = setup.builder("failing", new PromptOrigin.PromptTopic(), GROUP_SIZE, 1, 1000, 3)
                .sampling(new SamplingConfig(1f, 1f, 30)).build();
        Sinks.Many<Prompt> prompts = Sinks.many().unicast().onBackpressureBuffer();
        IllegalStateException broken = new IllegalStateException("the prompts broke");
        long published;
        try (Generator generator = Generator.start(config, prompts::asFlux, new SimpleMeterRegistry())) {
            for (int i = 0; i < 3; i++) {
                prompts.tryEmitNext(Prompt.newBuilder().setPromptId("p" + i).setText(i + "+1=")
                        .setGroundTruth(Integer.toString(i + 1)).setLanguage("en").setTask("arithmetic")
                        .setCreatedAt(Instant.now()).build());
            }
            HotSwapTest.await(() -> setup.claimsLogEnd() >= 3, "three claims");
            prompts.tryEmitError(broken);

            assertThatThrownBy(() -> generator.drained().get(60, TimeUnit.SECONDS)).hasCause(broken);
            published = generator.metrics().groups();
        }

        assertThat(published).as("groups published").isEqualTo(3);
        assertThat(kafka.read(setup.topics.claims(), 6, new StringDeserializer(), new StringDeserializer(), Map.of()))
                .extracting(ConsumerRecord::value).filteredOn(value -> value.startsWith("published:"))
                .as("groups marked published").hasSize(3);
    }
}
