package dev.grpo.tests.sft;

import ai.djl.Device;
import dev.grpo.cli.GrpoCommand;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.FeedForwardKind;
import dev.grpo.policy.ModelConfig;
import dev.grpo.policy.Normalization;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.PositionEncoding;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.TrainingText;
import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.SftExample;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.RejectionCriteria;
import dev.grpo.streams.RejectionSamplingApp;
import dev.grpo.streams.StreamAppConfig;
import dev.grpo.streams.StreamsApp;
import dev.grpo.streams.internal.sft.RejectionSamplingTopology;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import dev.grpo.workflow.demo.DemoCluster;
import dev.grpo.workflow.sft.SftTopic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rejection sampling to SFT through a real broker: advantage samples in, the filter app keeps the right ones (at most
 * k per prompt across groups on different partitions) on the SFT topic, and {@code grpo sft} fine-tunes a tiny
 * policy on exactly those.
 */
@ExtendWith(KafkaClusterExtension.class)
class SftPipelineTest {

    private static final CharTokenizer TOKENIZER = new CharTokenizer();
    private static final int K = 2;

    @Test
    void theFilterKeepsTheRightExamplesAndGrpoSftTrainsOnThem(KafkaCluster kafka, @TempDir Path folder)
            throws Exception {
        StreamTopics topics = new StreamTopics(kafka.uniqueName("sft") + ".");
        String sftTopic = RejectionSamplingTopology.sftTopic(topics);
        StreamAppConfig settings = new StreamAppConfig(KafkaClusterConfig.of(kafka.bootstrapServers()), topics.prefix() + "reject",
                folder.resolve("state"), 1, Duration.ofMillis(100), Map.of());
        try (StreamsApp filter = new RejectionSamplingApp(settings, new RejectionCriteria(0.95, K), topics).start()) {
            awaitRunning(filter);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (AdvantageSample sample : samples()) {
                    producer.send(new ProducerRecord<>(topics.advantages(), bytes(sample.getGroupId()),
                            RecordSerdes.advantageSample().encode(sample))).get();
                }
                producer.send(new ProducerRecord<>(topics.advantages(), bytes("g-x"), new byte[] {1, 2, 3})).get();
            }
            try (DemoCluster cluster = DemoCluster.open(Optional.of(kafka.bootstrapServers()), folder)) {
                assertThat(cluster.awaitConsumed(settings.applicationId(), topics.advantages(), KafkaCluster.PATIENCE))
                        .isTrue();
                assertThat(cluster.awaitConsumed(settings.applicationId(),
                        RejectionSamplingTopology.repartitionTopic(settings.applicationId()), KafkaCluster.PATIENCE))
                        .isTrue();
            }
        }

        List<SftExample> examples = new SftTopic(KafkaClusterConfig.of(kafka.bootstrapServers()), sftTopic, KafkaCluster.PATIENCE)
                .read(warning -> { throw new AssertionError(warning); });

        assertThat(examples).filteredOn(e -> e.getPromptId().equals("p-1")).hasSize(K)
                .extracting(SftExample::getExampleId).isSubsetOf("g-1/0", "g-1/1", "g-2/0", "g-2/2");
        assertThat(examples).filteredOn(e -> e.getPromptId().equals("p-2")).singleElement()
                .satisfies(e -> assertThat(e.getExampleId()).isEqualTo("g-3/1"));
        assertThat(examples).hasSize(K + 1).allSatisfy(e -> assertThat(e.getSelection()).endsWith("k=" + K));
        assertThat(deadLetters(kafka, topics)).singleElement()
                .satisfies(letter -> assertThat(letter.getSourceTopic()).isEqualTo(topics.advantages()));

        Path init = tinyCheckpoint(folder.resolve("init"));
        Path out = folder.resolve("sft");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = GrpoCommand.commandLine().setOut(new PrintWriter(stdout, true)).setErr(new PrintWriter(stderr, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF))
                .execute("sft", "--from-topic", sftTopic, "-b", kafka.bootstrapServers(), "--model", init.toString(),
                        "--out", out.toString(), "--epochs", "2", "--batch-size", "2", "--lr", "1e-2");

        assertThat(exit).as("stderr: %s", stderr).isZero();
        assertThat(stdout.toString()).contains("on 3 examples from " + sftTopic).contains("loss per epoch");
        assertThat(stderr.toString()).contains("step 4/4");
        Checkpoint written = Checkpoint.read(out);
        assertThat(written.metadata()).containsEntry("sft_examples", "3").containsEntry("sft_epochs", "2");
        assertThat(written.sha256()).isNotEqualTo(Checkpoint.read(init).sha256());
    }

    /** Prompt p-1 in two groups (four passing members), prompt p-2 with one passing member. */
    private static List<AdvantageSample> samples() {
        return List.of(
                sample("g-1", 0, "p-1", 1, 1, 1.0), sample("g-1", 1, "p-1", 1, 1, 0.96),
                sample("g-1", 2, "p-1", 0, 1, 1.0), sample("g-1", 3, "p-1", 1, 0, 1.0),
                sample("g-2", 0, "p-1", 1, 1, 1.0), sample("g-2", 1, "p-1", 1, 1, 0.5),
                sample("g-2", 2, "p-1", 1, 1, 1.0),
                sample("g-3", 0, "p-2", 0, 0, 1.0), sample("g-3", 1, "p-2", 1, 1, 1.0));
    }

    private static AdvantageSample sample(String groupId, int index, String promptId, double accuracy, double format,
                                          double languageConsistency) {
        ScoringRequest tokens = new TrainingText("What is 1+2? ", "<answer>3</answer>").tokens(TOKENIZER);
        return AdvantageSample.newBuilder().setRolloutId(groupId + "/" + index).setGroupId(groupId).setIndex(index)
                .setGroupSize(4).setPromptId(promptId).setPromptTokenIds(list(tokens.promptIds()))
                .setCompletionTokenIds(list(tokens.completionIds()))
                .setBehaviourLogprobs(Arrays.stream(tokens.completionIds()).mapToObj(id -> -0.5f).toList())
                .setTemperature(1f).setPolicyVersion(3).setReward(accuracy + format + languageConsistency)
                .setRewardComponents(Map.of("accuracy", accuracy, "format", format, "language_consistency",
                        languageConsistency))
                .setRewardVersions(Map.of("accuracy", "a-1", "format", "f-1", "language_consistency", "lc-1"))
                .setAdvantage(0).setAssembledAt(Instant.ofEpochMilli(1_000)).build();
    }

    private static List<DeadLetter> deadLetters(KafkaCluster kafka, StreamTopics topics) {
        return kafka.read(topics.deadLetters(), 1, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")).stream()
                .map(r -> RecordSerdes.deadLetter().decode(r)).toList();
    }

    private static Path tinyCheckpoint(Path directory) {
        ModelConfig tiny = new ModelConfig(TOKENIZER.vocabularySize(), 48, 1, 16, 2, 32, PositionEncoding.ROTARY,
                Normalization.RMS_NORM, FeedForwardKind.SWIGLU, 10_000.0, 1e-5);
        try (PolicyModel model = PolicyModel.create(tiny, 3, Device.cpu())) {
            Checkpoint.write(model, directory, Map.of("tokenizer", "char"));
        }
        return directory;
    }

    private static void awaitRunning(StreamsApp app) throws InterruptedException {
        long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime()).as("%s running in time", app.applicationId()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static List<Integer> list(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
