package dev.grpo.tests.streams;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import dev.grpo.tests.streams.RewardStages.Deployment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout as large as {@code grpo.rollouts} takes, garbage or valid but with a sample too large for
 * {@code grpo.advantages}, reaches the dead-letter topic once, with its coordinates, the longest prefix of its bytes
 * that fits and its full length; the reward stage (a JVM of its own) keeps running and assembling the other groups,
 * also when it is killed with such records in flight and restarted.
 */
@ExtendWith(KafkaClusterExtension.class)
class LargeRolloutTest {

    /** Just under grpo.rollouts' 8 MiB, with room for the key and Kafka's record overhead. */
    private static final int LARGE = 8_388_500;
    private static final int GROUP_SIZE = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Test
    void largeRolloutsAreDeadLetteredOnceAndTheStageGoesOnThroughAKill(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        StreamTopics topics = RewardStages.topics(kafka, "large");
        RewardStages.createTopics(kafka, topics);
        byte[] garbage = garbage(1);
        byte[] laterGarbage = garbage(2);
        byte[] huge = hugeValidRollout("g-huge", 0, 2);
        byte[] laterHuge = hugeValidRollout("g-huge-later", 0, 2);
        try (RolloutRecords rollouts = new RolloutRecords(kafka, topics,
                        Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 9 * 1024 * 1024));
                CommittedTopic letters = new CommittedTopic(kafka, topics.deadLetters());
                CommittedTopic advantages = new CommittedTopic(kafka, topics.advantages())) {
            Map<String, RecordMetadata> large;
            Process first = RewardStagesProcess.start(kafka, topics, dir, "first", Deployment.RULES_IN_ASSEMBLER);
            try {
                publishGroups(rollouts, "before", 5);
                RecordMetadata garbageAt = rollouts.publishRaw("g-garbage", garbage);
                RecordMetadata hugeAt = rollouts.publishRaw("g-huge", huge);
                rollouts.publish(RolloutRecords.rollout("g-huge", 1, 2, "578", 8));
                publishGroups(rollouts, "after", 5);

                letters.readUntil(read -> read.size() >= 3 || !first.isAlive(), PATIENCE);
                advantages.readUntil(read -> read.size() >= 10 * GROUP_SIZE || !first.isAlive(), PATIENCE);
                assertRunning(first, dir.resolve("first.log"));
                assertThat(letters.records()).hasSize(3);
                assertThat(advantages.records()).hasSize(10 * GROUP_SIZE);

                RecordMetadata laterGarbageAt = rollouts.publishRaw("g-garbage-later", laterGarbage);
                RecordMetadata laterHugeAt = rollouts.publishRaw("g-huge-later", laterHuge);
                rollouts.publish(RolloutRecords.rollout("g-huge-later", 1, 2, "578", 8));
                large = Map.of("g-garbage", garbageAt, "g-huge", hugeAt, "g-garbage-later", laterGarbageAt,
                        "g-huge-later", laterHugeAt);
                Thread.sleep(300);
            } finally {
                first.destroyForcibly().waitFor();
            }

            Process second = RewardStagesProcess.start(kafka, topics, dir, "second", Deployment.RULES_IN_ASSEMBLER);
            try {
                publishGroups(rollouts, "restarted", 5);
                advantages.readUntil(read -> read.size() >= 15 * GROUP_SIZE || !second.isAlive(), PATIENCE);
                assertRunning(second, dir.resolve("second.log"));
                RewardStages.awaitAllConsumed(kafka, topics, Deployment.RULES_IN_ASSEMBLER);
                letters.readToCommittedEnd(PATIENCE);
                advantages.readToCommittedEnd(PATIENCE);
                assertRunning(second, dir.resolve("second.log"));
            } finally {
                second.destroyForcibly().waitFor();
            }

            List<DeadLetter> committed = letters.records().stream().map(r -> RecordSerdes.deadLetter().decode(r)).toList();
            assertThat(committed).as("two large garbage rollouts, two groups with a sample too large: each once")
                    .hasSize(6);
            assertThat(committed.stream().map(l -> l.getSourcePartition() + "@" + l.getSourceOffset()).distinct())
                    .hasSize(6);
            Map<String, List<DeadLetter>> byKey = committed.stream()
                    .collect(Collectors.groupingBy(l -> new String(bytes(l.getOriginalKey()), StandardCharsets.UTF_8)));
            assertThat(byKey.keySet()).containsExactlyInAnyOrder("g-garbage", "g-garbage-later", "g-huge", "g-huge-later");
            assertTruncated(byKey.get("g-garbage"), "CORRUPT", garbage, large.get("g-garbage"));
            assertTruncated(byKey.get("g-garbage-later"), "CORRUPT", laterGarbage, large.get("g-garbage-later"));
            assertThat(byKey.get("g-huge")).hasSize(2).allSatisfy(l -> assertThat(l.getErrorType()).isEqualTo("OUTPUT_TOO_LARGE"));
            assertTruncated(byKey.get("g-huge").stream().filter(l -> l.getOriginalValueSize() != null).toList(),
                    "OUTPUT_TOO_LARGE", huge, large.get("g-huge"));
            assertTruncated(byKey.get("g-huge-later").stream().filter(l -> l.getOriginalValueSize() != null).toList(),
                    "OUTPUT_TOO_LARGE", laterHuge, large.get("g-huge-later"));
            assertThat(byKey.get("g-huge").get(0).getReason()).contains("advantage sample of member 0");

            List<AdvantageSample> samples = advantages.records().stream()
                    .map(r -> RecordSerdes.advantageSample().decode(r)).toList();
            assertThat(samples).hasSize(15 * GROUP_SIZE);
            assertThat(samples.stream().map(AdvantageSample::getRolloutId).distinct()).hasSize(15 * GROUP_SIZE);
            assertThat(samples).extracting(AdvantageSample::getGroupId)
                    .allMatch(id -> id.startsWith("before-") || id.startsWith("after-") || id.startsWith("restarted-"));
        }
    }

    /** The stage's process is alive; if not, its log says why. */
    private static void assertRunning(Process stage, Path log) throws IOException {
        if (!stage.isAlive()) {
            String text = Files.readString(log);
            throw new AssertionError("the reward stage stopped:\n" + text.substring(Math.max(0, text.length() - 4000)));
        }
    }

    /** One dead letter of the large record at {@code at}: its coordinates, error, longest prefix and full length. */
    private static void assertTruncated(List<DeadLetter> letters, String errorType, byte[] original, RecordMetadata at) {
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(at.topic());
            assertThat(letter.getSourcePartition()).isEqualTo(at.partition());
            assertThat(letter.getSourceOffset()).isEqualTo(at.offset());
            assertThat(letter.getErrorType()).isEqualTo(errorType);
            assertThat(letter.getOriginalValueSize()).isEqualTo(LARGE);
            byte[] prefix = bytes(letter.getOriginalValue());
            assertThat(prefix.length).isBetween(8_000_000, LARGE - 1);
            assertThat(prefix).isEqualTo(Arrays.copyOf(original, prefix.length));
            assertThat(letter.getReason()).endsWith("(original value truncated to " + prefix.length + " of " + LARGE
                    + " bytes)");
        });
    }

    private static void publishGroups(RolloutRecords rollouts, String prefix, int groups) {
        for (int g = 0; g < groups; g++) {
            rollouts.publishGroup(prefix + "-" + g, GROUP_SIZE);
        }
        rollouts.flush();
    }

    private static byte[] garbage(int seed) {
        byte[] bytes = new byte[LARGE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * A valid rollout of exactly {@link #LARGE} bytes, nearly all of them token ids and log-probs: its advantage
     * sample copies those and adds the rewards, so it is larger than the rollout and than grpo.advantages takes.
     */
    private static byte[] hugeValidRollout(String groupId, int index, int groupSize) {
        Rollout small = Rollout.newBuilder(RolloutRecords.rollout(groupId, index, groupSize, "579", 0))
                .setPrompt("").setCompletionText("").build();
        int overhead = RecordSerdes.rollout().encode(small).length;
        // Four bytes of varint per token id (2^22 needs 23 bits) and four per log-prob.
        int tokens = (LARGE - overhead - 200) / 8;
        Function<String, byte[]> withText = text -> RecordSerdes.rollout().encode(Rollout.newBuilder(small)
                .setCompletionTokenIds(Collections.nCopies(tokens, 1 << 22))
                .setBehaviourLogprobs(Collections.nCopies(tokens, -0.5f))
                .setCompletionText(text).build());
        String text = "";
        for (int attempt = 0; attempt < 10; attempt++) {
            byte[] bytes = withText.apply(text);
            if (bytes.length == LARGE) {
                return bytes;
            }
            text = "x".repeat(Math.max(0, text.length() + LARGE - bytes.length));
        }
        throw new IllegalStateException("no rollout of exactly " + LARGE + " bytes");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
