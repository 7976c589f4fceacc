package dev.grpo.tests.streams;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.RewardScore;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input reaches the dead-letter topic with its bytes and coordinates, and the streams go on. */
@ExtendWith(KafkaClusterExtension.class)
class StreamsBadInputTest {

    @Test
    void badInputsAreDeadLetteredAndGoodGroupsStillAssemble(KafkaCluster kafka, @TempDir Path stateDir) {
        StreamTopics topics = RewardStages.topics(kafka, "bad-input");
        try (RewardStages stages = RewardStages.start(kafka, topics, RewardConfig.defaults(), stateDir,
                RewardStages.Deployment.RULES_APP);
                RolloutRecords rollouts = new RolloutRecords(kafka, topics)) {
            byte[] garbage = {(byte) 0xC3, 0x01, 0, 0, 0};
            RecordMetadata corrupt = rollouts.publishRaw("g-corrupt", garbage);
            rollouts.send(topics.ruleRewards(), "g-nan", RecordSerdes.rewardScore().encode(score("g-nan/0", "g-nan", Double.NaN)));
            rollouts.publish(RolloutRecords.rollout("g-zero", 0, 0, "579", 8));
            rollouts.publish(RolloutRecords.rollout("g-dup", 0, 2, "579", 8));
            rollouts.publish(RolloutRecords.rollout("g-dup", 0, 2, "579", 8));
            rollouts.publish(RolloutRecords.rollout("g-dup", 1, 2, "578", 8));
            rollouts.publish(RolloutRecords.rollout("g-unknown", 0, 2, "579", 8));
            stages.awaitConsumed(stages.assemblerId(), List.of(topics.rollouts()));
            rollouts.send(topics.ruleRewards(), "g-unknown",
                    RecordSerdes.rewardScore().encode(score("g-unknown/ghost", "g-unknown", 1.0)));
            rollouts.publish(RolloutRecords.rollout("g-unknown", 1, 2, "578", 8));
            rollouts.publishGroup("g-good", 4);
            rollouts.flush();

            List<DeadLetter> letters = stages.deadLetters(12);
            List<AdvantageSample> advantages = stages.advantages(8);

            assertThat(letters).hasSize(12);
            List<DeadLetter> ofCorrupt = letters.stream().filter(l -> l.getSourceTopic().equals(topics.rollouts())
                    && l.getSourcePartition() == corrupt.partition() && l.getSourceOffset() == corrupt.offset()).toList();
            assertThat(ofCorrupt).extracting(DeadLetter::getStage)
                    .containsExactlyInAnyOrder(topics.prefix() + RewardStages.RULES, topics.prefix() + RewardStages.ASSEMBLER);
            assertThat(ofCorrupt).allSatisfy(l -> {
                assertThat(bytes(l.getOriginalValue())).isEqualTo(garbage);
                assertThat(l.getErrorType()).isEqualTo("TRUNCATED");
            });
            assertThat(reasons(letters, "g-nan")).singleElement().asString().contains("non-finite reward NaN");
            assertThat(reasons(letters, "g-zero")).hasSize(4).allSatisfy(r -> assertThat(r).contains("wrong group size"));
            assertThat(reasons(letters, "g-dup")).hasSize(4)
                    .anySatisfy(r -> assertThat(r).startsWith("duplicate member"))
                    .anySatisfy(r -> assertThat(r).startsWith("duplicate reward"));
            assertThat(reasons(letters, "g-unknown")).singleElement().asString().contains("unknown rollout 'g-unknown/ghost'");
            assertThat(advantages).extracting(AdvantageSample::getGroupId)
                    .containsOnly("g-dup", "g-unknown", "g-good").hasSize(8);
        }
    }

    private static List<String> reasons(List<DeadLetter> letters, String groupId) {
        return letters.stream().filter(l -> l.getOriginalKey() != null && new String(bytes(l.getOriginalKey())).equals(groupId))
                .map(DeadLetter::getReason).toList();
    }

    private static RewardScore score(String rolloutId, String groupId, double value) {
        return RewardScore.newBuilder().setRolloutId(rolloutId).setGroupId(groupId).setIndex(0).setGroupSize(2)
                .setComponent("accuracy").setValue(value).setRewardVersion("test").setScoredAt(Instant.now()).build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
