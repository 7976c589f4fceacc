package dev.grpo.tests.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.cli.GrpoCommand;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code grpo replay} refuses what it cannot do with one line and exit code 2. The history: two
 * partitions; partition 0 held three one-member groups of which retention deleted the first two,
 * partition 1 holds one.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayCommandTest {

    @TempDir
    static Path folder;

    private KafkaCluster kafka;
    private LiveHistory history;
    private Path rewards;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    void historyWithDeletedRollouts(KafkaCluster cluster) throws Exception {
        kafka = cluster;
        history = LiveHistory.withoutApps(kafka, "replay-cli");
        kafka.admin().createTopics(List.of(new NewTopic(history.topics().rollouts(), Optional.of(2), Optional.empty())))
                .all().get(30, TimeUnit.SECONDS);
        for (int group = 0; group < 3; group++) {
            history.send(0, LiveHistory.rollout("solo-" + group, 0, 1, 1));
        }
        history.send(1, LiveHistory.rollout("other", 0, 1, 1));
        TopicPartition first = new TopicPartition(history.topics().rollouts(), 0);
        kafka.admin().deleteRecords(Map.of(first, RecordsToDelete.beforeOffset(2))).all().get(30, TimeUnit.SECONDS);
        rewards = Files.writeString(folder.resolve("rewards.properties"), "weight.format=1\n");
    }

    @AfterAll
    void close() {
        history.close();
    }

    @Test
    void anOffsetRetentionAlreadyDeletedIsRefusedNamingThePartitionAndWhatItRetains() {
        assertThat(replay("gone", "--from", "offset:1")).isEqualTo(2);

        assertThat(errorLine()).contains(history.topics().rollouts() + "-0", "--from offset:1", "no longer retained",
                "retained offsets 2..3");
    }

    @Test
    void aTimestampBeforeTheRetainedHistoryIsRefused() {
        assertThat(replay("old", "--from", "timestamp:2001-01-01T00:00:00Z")).isEqualTo(2);

        assertThat(errorLine()).contains(history.topics().rollouts() + "-0", "timestamp:2001-01-01T00:00:00Z",
                "earlier than the retained history", "retained offsets 2..3");
    }

    @Test
    void aPositionPastTheEndOfEveryPartitionIsRefused() {
        assertThat(replay("future", "--from", "offset:99")).isEqualTo(2);

        assertThat(errorLine()).contains("--from offset:99", "past the end",
                history.topics().rollouts() + "-0 offsets 2..3", history.topics().rollouts() + "-1 offsets 0..1");
    }

    @Test
    void anUnparsablePositionIsOneLine() {
        assertThat(replay("typo", "--from", "yesterday")).isEqualTo(2);

        assertThat(errorLine()).contains("cannot read the position 'yesterday'", "offset:N, timestamp:T (ISO-8601 or epoch ms) or version:V");
    }

    @Test
    void anExistingOutputTopicIsRefusedWithoutForceAndReplacedWithIt() throws Exception {
        String run = kafka.uniqueName("again");
        String deadLetters = history.topics().deadLetters() + "." + run;
        kafka.admin().createTopics(List.of(new NewTopic(deadLetters, Optional.of(1), Optional.empty())))
                .all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(deadLetters, new byte[] {1})).get(30, TimeUnit.SECONDS);
        }

        assertThat(replay(run, "--from", "offset:2")).isEqualTo(2);
        assertThat(errorLine()).contains("output topic " + deadLetters + " already exists", "--force");

        assertThat(replay(run, "--from", "offset:2", "--force")).isZero();
        assertThat(out.toString()).contains("replay " + run + " finished", "1 rollouts read", "1 samples written",
                "1 assembled");
        assertThat(history.readAll(deadLetters)).as("the old dead-letter topic was recreated").isEmpty();
        assertThat(replay(run, "--from", "offset:2", "--force")).as("a rerun right after the last one ended: %s", err).isZero();
    }

    private int replay(String run, String... range) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> args = new ArrayList<>(List.of("replay", "-b", kafka.bootstrapServers(), "--topic-prefix",
                history.topics().prefix(), "--run", run, "--reward-config", rewards.toString()));
        args.addAll(List.of(range));
        CommandLine cli = GrpoCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        return cli.execute(args.toArray(String[]::new));
    }

    /** The error line of a refused replay: one line, then the usual hint. */
    private String errorLine() {
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("Try 'grpo replay --help'");
        return lines.get(0);
    }
}
