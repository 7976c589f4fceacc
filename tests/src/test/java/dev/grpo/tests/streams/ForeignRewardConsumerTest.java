package dev.grpo.tests.streams;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.RewardScore;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.RewardTopicCheck;
import dev.grpo.streams.spi.RequiredTopics;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import dev.grpo.tests.streams.RewardStages.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The reward consumers under {@code examples/} (Node.js: kafkajs + avsc; Python: confluent-kafka + avro), written
 * from {@code schemas/README.md} alone, run as real processes against the embedded broker: their scores decode with
 * the pipeline's serde, lie on their rollouts' partitions, carry a 64-bit policy version unrounded, and reach the
 * advantages through the assembler, which carries a partial rollout's per-token versions along; a record that is
 * no rollout is skipped. Skipped where the language's runtime or packages are absent ({@code .ci/run} installs them).
 */
@ExtendWith(KafkaClusterExtension.class)
class ForeignRewardConsumerTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path HISTORY = REPOSITORY.resolve("schemas/src/main/resources/dev/grpo/schemas/history");
    private static final String COMPONENT = "length";
    private static final long BEYOND_DOUBLE = (1L << 53) + 1;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** An example consumer: how to tell it can run here, and its command line. */
    enum Example {
        NODE {
            @Override
            Optional<String> missing() {
                if (!runs(List.of("node", "--version"))) {
                    return Optional.of("node is not on the PATH");
                }
                return Files.isDirectory(REPOSITORY.resolve("examples/node/node_modules/kafkajs"))
                        ? Optional.empty()
                        : Optional.of("examples/node has no node_modules (run 'npm ci --prefix examples/node', as .ci/run does)");
            }

            @Override
            List<String> command() {
                return List.of("node", REPOSITORY.resolve("examples/node/length-reward.js").toString());
            }
        },
        PYTHON {
            @Override
            Optional<String> missing() {
                return python().isPresent() ? Optional.empty() : Optional.of("no python3 on the PATH imports confluent_kafka "
                        + "and avro (apt-get install python3-confluent-kafka python3-avro, as .ci/run does)");
            }

            @Override
            List<String> command() {
                return List.of(python().orElseThrow(), REPOSITORY.resolve("examples/python/length_reward.py").toString());
            }

            /** Debian's interpreter first: its packages are where apt-get puts them, whatever python3 the PATH finds. */
            private Optional<String> python() {
                return List.of("/usr/bin/python3", "python3").stream()
                        .filter(python -> runs(List.of(python, "-c", "import confluent_kafka, avro"))).findFirst();
            }
        };

        abstract Optional<String> missing();

        abstract List<String> command();

        String version() {
            return "length-" + name().toLowerCase() + "-1";
        }
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void theExampleScoresEveryRolloutAndTheScoresReachTheAdvantages(Example example, KafkaCluster kafka,
            @TempDir Path stateDir) throws Exception {
        Optional<String> missing = example.missing();
        assumeThat(missing).as(missing.orElse("")).isEmpty();
        StreamTopics topics = RewardStages.topics(kafka, example.name().toLowerCase() + "-example");
        RewardStages.createTopics(kafka, topics);
        RequiredTopics.ensure(KafkaClusterConfig.of(kafka.bootstrapServers()), List.of(topics.spec(topics.rewards(COMPONENT))));
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight." + COMPONENT, "0.5"));
        RewardTopicCheck.of(config, topics).verify(kafka.admin(), Duration.ofSeconds(30));

        Map<String, Integer> partitionOf = new HashMap<>();
        try (RewardStages stages = RewardStages.start(kafka, topics, config, stateDir, Deployment.RULES_IN_ASSEMBLER);
                RolloutRecords rollouts = new RolloutRecords(kafka, topics)) {
            RecordMetadata junk = rollouts.publishRaw("g-junk", "not a rollout".getBytes(StandardCharsets.UTF_8));
            for (String group : List.of("g-a", "g-b")) {
                for (int index = 0; index < 4; index++) {
                    Rollout rollout = RolloutRecords.rollout(group, index, 4, index % 2 == 0 ? "579" : "578", 64 * (index + 1));
                    rollout.setPolicyVersion(BEYOND_DOUBLE);
                    rollout.setTokenPolicyVersions(group.equals("g-b") ? partial(64 * (index + 1)) : null);
                    partitionOf.put(rollout.getRolloutId(), rollouts.publish(rollout).partition());
                }
            }
            Path log = stateDir.resolve(example.name() + ".log");
            Process consumer = start(example, kafka, topics, log);
            try {
                List<ConsumerRecord<byte[], byte[]>> scores = awaitRecords(kafka, topics.rewards(COMPONENT), 8, consumer, log);
                List<AdvantageSample> samples = stages.advantages(8);

                assertThat(scores).hasSize(8).allSatisfy(record -> {
                    RewardScore score = RecordSerdes.rewardScore().decode(record);
                    assertThat(record.partition()).isEqualTo(partitionOf.get(score.getRolloutId()));
                    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(score.getGroupId());
                    assertThat(score.getDetails()).isEqualTo(64 * (score.getIndex() + 1) + " of 512 tokens, policy "
                            + BEYOND_DOUBLE);
                });
                assertThat(samples).hasSize(8).allSatisfy(sample -> {
                    double length = 64.0 * (sample.getIndex() + 1) / 512;
                    assertThat(sample.getTokenPolicyVersions())
                            .isEqualTo(sample.getGroupId().equals("g-b") ? partial(64 * (sample.getIndex() + 1)) : null);
                    assertThat(sample.getRewardComponents()).containsEntry(COMPONENT, length);
                    assertThat(sample.getRewardVersions()).containsEntry(COMPONENT, example.version());
                    assertThat(sample.getReward()).isCloseTo(
                            sample.getRewardComponents().get("accuracy") + 1.0 + 1.0 + 0.5 * length, within(1e-12));
                });
                assertThat(Files.readString(log)).contains("skipping " + topics.rollouts() + "/" + junk.partition()
                        + "@" + junk.offset() + ": not single-object encoded");
            } finally {
                consumer.destroy();
                assertThat(consumer.waitFor(30, TimeUnit.SECONDS)).as("the example stops on SIGTERM").isTrue();
            }
        }
    }

    /** Per-token versions of {@code tokens} tokens, the last drawn by a newer policy, all beyond a double's precision. */
    private static List<Long> partial(int tokens) {
        List<Long> versions = new ArrayList<>(Collections.nCopies(tokens - 1, BEYOND_DOUBLE));
        versions.add(BEYOND_DOUBLE + 1);
        return versions;
    }

    private static Process start(Example example, KafkaCluster kafka, StreamTopics topics, Path log) throws IOException {
        List<String> command = new ArrayList<>(example.command());
        command.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--history", HISTORY.toString(),
                "--component", COMPONENT, "--rollouts", topics.rollouts(), "--rewards", topics.rewards(COMPONENT),
                "--group", topics.prefix() + "reward-" + COMPONENT));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * {@code count} committed records of {@code topic}, waiting at most {@link #PATIENCE} while {@code writer} runs;
     * its log explains a shortfall.
     */
    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(KafkaCluster kafka, String topic, int count,
            Process writer, Path log) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = List.of();
        while (records.size() < count && System.nanoTime() < deadline && writer.isAlive()) {
            records = kafka.read(topic, count, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        }
        assertThat(records).as("scores on %s; the example's output:%n%s", topic, Files.readString(log)).hasSize(count);
        return records;
    }

    private static boolean runs(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
