package dev.grpo.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.schemas.KafkaClusterConfig;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {

    @Test
    void aGeneratorReadsAndWritesTheTopicsOfItsClustersNamespace() {
        GeneratorConfig config = GeneratorConfig.builder("g1")
                .cluster(KafkaClusterConfig.of("broker:9092").withTopicPrefix("team-a.")).build();

        assertThat(config.topics()).isEqualTo(new GeneratorTopics("team-a.grpo.prompts", "team-a.grpo.rollouts",
                "team-a.grpo.policy.versions", "team-a.grpo.generator.claims"));
    }

    @Test
    void topicsSetExplicitlyAreKeptAsGiven() {
        GeneratorTopics own = new GeneratorTopics("p", "r", "v", "c");

        GeneratorConfig config = GeneratorConfig.builder("g1")
                .cluster(KafkaClusterConfig.of("broker:9092").withTopicPrefix("team-a.")).topics(own).build();

        assertThat(config.topics()).isEqualTo(own);
    }

    @Test
    void withoutAPrefixTheTopicsAreTheCatalogues() {
        assertThat(GeneratorConfig.builder("g1").build().topics()).isEqualTo(GeneratorTopics.standard());
    }
}
