package dev.grpo.tests.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.schemas.TopicInstaller;
import dev.grpo.schemas.TopicInstaller.Drift;
import dev.grpo.schemas.TopicInstaller.ObservedTopic;
import dev.grpo.schemas.TopicSpec;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The installer applies the topic catalogue to a real broker idempotently. Each test works on its
 * own copy of the catalogue (names under a unique prefix), since the broker is shared.
 */
@ExtendWith(KafkaClusterExtension.class)
class TopicInstallerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaCluster kafka;
    private final TopicInstaller installer;

    TopicInstallerTest(KafkaCluster kafka) {
        this.kafka = kafka;
        this.installer = new TopicInstaller(kafka.admin(), TIMEOUT);
    }

    @Test
    void createsTheWholeCatalogueThenNothingOnTheSecondRun() throws Exception {
        List<TopicSpec> catalogue = privateCatalogue();

        TopicInstaller.Result first = installer.apply(catalogue);
        TopicInstaller.Result second = installer.apply(catalogue);

        assertThat(first.created()).containsExactlyElementsOf(catalogue);
        assertThat(first.existing()).isEmpty();
        assertThat(first.drift()).isEmpty();
        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyElementsOf(catalogue);
        assertThat(second.drift()).isEmpty();
    }

    @Test
    void createdTopicsHaveTheCataloguePartitionsAndConfigs() throws Exception {
        List<TopicSpec> catalogue = privateCatalogue();
        installer.apply(catalogue);

        List<ObservedTopic> observed = installer.inspect(catalogue);

        assertThat(observed).hasSameSizeAs(catalogue).allSatisfy(topic -> {
            assertThat(topic.exists()).isTrue();
            assertThat(topic.partitions()).isEqualTo(topic.spec().partitions());
            assertThat(topic.configs()).containsExactlyInAnyOrderEntriesOf(topic.spec().configs());
            assertThat(topic.drift()).isEmpty();
        });
    }

    @Test
    void reportsATopicThatExistsWithOtherPartitionsAndRetentionAsDriftAndLeavesItAlone() throws Exception {
        TopicSpec rollouts = renamed(TopicCatalogue.ROLLOUTS, kafka.uniqueName("drift"));
        TopicSpec differentOnCluster = new TopicSpec(rollouts.name(), rollouts.key(), rollouts.record(), 2,
                Duration.ofHours(1), rollouts.retentionBytes(), rollouts.cleanupPolicy(), rollouts.maxMessageBytes());
        installer.apply(List.of(differentOnCluster));

        TopicInstaller.Result result = installer.apply(List.of(rollouts));

        assertThat(result.created()).isEmpty();
        assertThat(result.existing()).containsExactly(rollouts);
        assertThat(result.drift()).containsExactlyInAnyOrder(
                new Drift(rollouts.name(), "partitions", "6", "2"),
                new Drift(rollouts.name(), TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(Duration.ofDays(30).toMillis()), Long.toString(Duration.ofHours(1).toMillis())));
        assertThat(installer.inspect(List.of(rollouts))).singleElement()
                .satisfies(t -> assertThat(t.partitions()).isEqualTo(2));
    }

    @Test
    void inspectingAMissingTopicSaysSoWithoutCreatingIt() throws Exception {
        TopicSpec missing = renamed(TopicCatalogue.PROMPTS, kafka.uniqueName("missing"));

        assertThat(installer.inspect(List.of(missing))).singleElement().satisfies(t -> {
            assertThat(t.exists()).isFalse();
            assertThat(t.drift()).isEmpty();
        });
        assertThat(kafka.admin().listTopics().names().get()).doesNotContain(missing.name());
    }

    @Test
    void twoInstallersRacingCreateEachTopicExactlyOnceWithoutFailing() throws Exception {
        List<TopicSpec> catalogue = privateCatalogue();
        Callable<TopicInstaller.Result> apply = () -> new TopicInstaller(kafka.admin(), TIMEOUT).apply(catalogue);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TopicInstaller.Result>> racing = pool.invokeAll(List.of(apply, apply));
            TopicInstaller.Result a = racing.get(0).get();
            TopicInstaller.Result b = racing.get(1).get();

            List<TopicSpec> createdByEither = new ArrayList<>(a.created());
            createdByEither.addAll(b.created());
            assertThat(createdByEither).containsExactlyInAnyOrderElementsOf(catalogue);
            assertThat(a.existing()).containsExactlyInAnyOrderElementsOf(b.created());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The catalogue, plus one extra reward component, under a prefix no other test uses. */
    private List<TopicSpec> privateCatalogue() {
        String prefix = kafka.uniqueName("catalogue") + ".";
        return Stream.concat(TopicCatalogue.all().stream(), Stream.of(TopicCatalogue.rewards("length")))
                .map(spec -> renamed(spec, prefix + spec.name()))
                .toList();
    }

    private static TopicSpec renamed(TopicSpec spec, String name) {
        return new TopicSpec(name, spec.key(), spec.record(), spec.partitions(), spec.retention(),
                spec.retentionBytes(), spec.cleanupPolicy(), spec.maxMessageBytes());
    }
}
