package dev.grpo.tests.streams;

import dev.grpo.cli.GrpoCommand;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.schemas.TopicSpec;
import dev.grpo.streams.GroupAssemblerApp;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two pipelines share one broker under different {@code --topic-prefix}es: each one's topics, consumer groups and
 * committed offsets are its own. And a {@code --kafka-config} file's properties reach the clients a command builds.
 */
@ExtendWith(KafkaClusterExtension.class)
class SharedClusterNamespacesTest {

    private static final int GROUP_SIZE = 4;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void twoPipelinesWithDifferentPrefixesKeepTheirTopicsGroupsAndOffsetsApart(KafkaCluster kafka) throws Exception {
        String teamA = kafka.uniqueName("team-a") + ".";
        String teamB = kafka.uniqueName("team-b") + ".";
        for (String prefix : new String[] {teamA, teamB}) {
            assertThat(grpo("topics", "create", "-b", kafka.bootstrapServers(), "--topic-prefix", prefix,
                    "--partitions", "2")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("created  " + prefix + "grpo.rollouts");
        }
        Set<String> topics = kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS);
        assertThat(topics.stream().filter(t -> t.startsWith(teamA)).collect(Collectors.toSet()))
                .isEqualTo(names(teamA));
        assertThat(topics.stream().filter(t -> t.startsWith(teamB)).collect(Collectors.toSet()))
                .isEqualTo(names(teamB));

        try (StreamsApp a = assembler(kafka, teamA); StreamsApp b = assembler(kafka, teamB)) {
            publish(kafka, teamA, 3);
            publish(kafka, teamB, 2);

            assertThat(advantages(kafka, teamA, 3)).isEqualTo(3 * GROUP_SIZE);
            assertThat(advantages(kafka, teamB, 2)).isEqualTo(2 * GROUP_SIZE);
            awaitCommitted(kafka, teamA, 3 * GROUP_SIZE);
            awaitCommitted(kafka, teamB, 2 * GROUP_SIZE);
        }
        Set<String> groups = kafka.admin().listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
        assertThat(groups).contains(teamA + GroupAssemblerApp.APPLICATION_ID, teamB + GroupAssemblerApp.APPLICATION_ID);
        assertThat(committed(kafka, teamA).keySet()).extracting(TopicPartition::topic).allMatch(t -> t.startsWith(teamA));
        assertThat(committed(kafka, teamB).keySet()).extracting(TopicPartition::topic).allMatch(t -> t.startsWith(teamB));
    }

    @Test
    void aKafkaConfigFilesPropertiesReachTheClientsOfACommand(KafkaCluster kafka) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.properties"), "request.timeout.ms=5000\n");
        Path tls = Files.writeString(dir.resolve("tls.properties"), "security.protocol=SSL\n");

        assertThat(grpo("topics", "describe", "-b", kafka.bootstrapServers(), "--kafka-config", plain.toString(),
                "--timeout", "5")).as(err.toString()).isZero();
        assertThat(grpo("topics", "describe", "-b", kafka.bootstrapServers(), "--kafka-config", tls.toString(),
                "--timeout", "3")).as("TLS against a plaintext listener").isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").contains(kafka.bootstrapServers());
    }

    @Test
    void aMissingKafkaConfigFileIsNamedInOneLine(KafkaCluster kafka) {
        Path missing = dir.resolve("client.properties");

        assertThat(grpo("topics", "describe", "-b", kafka.bootstrapServers(), "--kafka-config", missing.toString()))
                .isNotZero();
        assertThat(err.toString().strip()).doesNotContain("\n").contains(missing.toString()).contains("does not exist");
    }

    private static Set<String> names(String prefix) {
        return TopicCatalogue.all().stream().map(TopicSpec::name).map(name -> prefix + name).collect(Collectors.toSet());
    }

    private StreamsApp assembler(KafkaCluster kafka, String prefix) throws InterruptedException {
        KafkaClusterConfig cluster = KafkaClusterConfig.of(kafka.bootstrapServers()).withTopicPrefix(prefix);
        StreamsApp app = new GroupAssemblerApp(StreamAppConfig.of(cluster, GroupAssemblerApp.APPLICATION_ID,
                dir.resolve(prefix)), RewardConfig.defaults(), new StreamTopics(cluster.topicPrefix()), true).create();
        app.start();
        long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        return app;
    }

    private static void publish(KafkaCluster kafka, String prefix, int groups) {
        try (RolloutRecords rollouts = new RolloutRecords(kafka, new StreamTopics(prefix))) {
            for (int g = 0; g < groups; g++) {
                rollouts.publishGroup("group-" + g, GROUP_SIZE);
            }
            rollouts.flush();
        }
    }

    private static int advantages(KafkaCluster kafka, String prefix, int groups) {
        try (CommittedTopic advantages = new CommittedTopic(kafka, prefix + TopicCatalogue.ADVANTAGES.name())) {
            return advantages.readUntil(read -> read.size() >= groups * GROUP_SIZE, KafkaCluster.PATIENCE).size();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(KafkaCluster kafka, String prefix)
            throws Exception {
        return kafka.admin().listConsumerGroupOffsets(prefix + GroupAssemblerApp.APPLICATION_ID)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    }

    /** Waits until the prefix's assembler group has committed past every rollout of its own rollouts topic. */
    private static void awaitCommitted(KafkaCluster kafka, String prefix, long rollouts) throws Exception {
        String topic = prefix + TopicCatalogue.ROLLOUTS.name();
        long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
        long sum = 0;
        while (System.nanoTime() < deadline) {
            sum = committed(kafka, prefix).entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(e -> e.getValue().offset()).sum();
            if (sum >= rollouts) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(sum).as("offsets committed by " + prefix + GroupAssemblerApp.APPLICATION_ID + " on " + topic)
                .isEqualTo(rollouts);
    }

    private int grpo(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return GrpoCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setColorScheme(picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute(args);
    }
}
