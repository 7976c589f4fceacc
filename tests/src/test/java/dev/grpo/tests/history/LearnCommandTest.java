package dev.grpo.tests.history;

import ai.djl.Device;
import dev.grpo.cli.GrpoCommand;
import dev.grpo.policy.Checkpoint;
import dev.grpo.policy.ModelPreset;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.records.AdvantageSample;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code grpo learn} on history: {@code --advantages-topic} with {@code --off-policy} trains on a replayed topic under
 * a learner id of its own, with its own dead-letter and stale topics; the live learner's id and a missing topic are
 * refused with one line.
 */
@ExtendWith(KafkaClusterExtension.class)
class LearnCommandTest {

    @Test
    void anOffPolicyLearnerTrainsOnAHistoryTopicAndGetsDeadLetterAndStaleTopicsOfItsOwn(KafkaCluster cluster,
            @TempDir Path dir) throws Exception {
        String history = cluster.createTopic("grpo.advantages.cli", 1);
        produceGroup(cluster, history, "g0");
        produceGroup(cluster, history, "g1");
        Path initial = initialCheckpoint(dir.resolve("initial"));

        Run run = grpo("learn", "-b", cluster.bootstrapServers(), "--advantages-topic", history, "--off-policy",
                "--learner-id", "history-cli", "--model", initial.toString(), "--checkpoint-dir",
                dir.resolve("checkpoints").toString(), "--groups-per-step", "2", "--max-steps", "1", "--kl-coef", "0",
                "--max-staleness", "0", "--device", "cpu");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("learner history-cli stopped at version 1");
        assertThat(run.err).contains("training off-policy on " + history);
        assertThat(cluster.admin().listTopics().names().get(30, TimeUnit.SECONDS))
                .contains(history + ".dlq", history + ".stale");
    }

    @Test
    void offPolicyUnderTheLiveLearnersIdIsRefused(KafkaCluster cluster, @TempDir Path dir) {
        Run run = grpo("learn", "-b", cluster.bootstrapServers(), "--advantages-topic", "grpo.advantages.x",
                "--off-policy", "--checkpoint-dir", dir.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines().findFirst().orElseThrow())
                .startsWith("grpo learn: --off-policy needs a --learner-id of its own");
    }

    @Test
    void aMissingAdvantagesTopicIsRefused(KafkaCluster cluster, @TempDir Path dir) {
        Run run = grpo("learn", "-b", cluster.bootstrapServers(), "--advantages-topic", "grpo.advantages.never",
                "--off-policy", "--learner-id", "h", "--checkpoint-dir", dir.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines().findFirst().orElseThrow())
                .startsWith("grpo learn: topic 'grpo.advantages.never' does not exist");
    }

    @Test
    void anUnknownPolicyLossIsRefusedInOneLineNamingTheKnownOnes(KafkaCluster cluster, @TempDir Path dir) {
        Run run = grpo("learn", "-b", cluster.bootstrapServers(), "--policy-loss", "ppo", "--checkpoint-dir",
                dir.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines().findFirst().orElseThrow())
                .isEqualTo("grpo learn: unknown policy loss 'ppo': use grpo, decoupled-ppo, gspo, cispo");
    }

    private static Path initialCheckpoint(Path directory) {
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(new CharTokenizer().vocabularySize()), 3,
                Device.cpu())) {
            Checkpoint.write(model, directory, Map.of());
        }
        return directory;
    }

    /** A group of two from another learner's version 40: far past η = 0 for this one. */
    private static void produceGroup(KafkaCluster cluster, String topic, String group) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int index = 0; index < 2; index++) {
                AdvantageSample sample = AdvantageSample.newBuilder().setRolloutId(group + "/" + index)
                        .setGroupId(group).setIndex(index).setGroupSize(2).setPromptId("p-" + group)
                        .setPromptTokenIds(List.of(5, 6, 7)).setCompletionTokenIds(List.of(8 + index, 9))
                        .setBehaviourLogprobs(List.of(-3f, -3f)).setTemperature(1f).setPolicyVersion(40)
                        .setReward(index).setRewardComponents(Map.of("accuracy", (double) index))
                        .setRewardVersions(Map.of("accuracy", "2")).setAdvantage(index == 0 ? -1.0 : 1.0)
                        .setAssembledAt(Instant.now()).build();
                producer.send(new ProducerRecord<>(topic, group.getBytes(StandardCharsets.UTF_8),
                        RecordSerdes.advantageSample().encode(sample)));
            }
            producer.flush();
        }
    }

    private static Run grpo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = GrpoCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setColorScheme(picocli.CommandLine.Help.defaultColorScheme(Ansi.OFF)).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** What one {@code grpo} invocation printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }
}
