package dev.grpo.tests.streams;

import dev.grpo.records.AdvantageSample;
import dev.grpo.records.DeadLetter;
import dev.grpo.records.RewardScore;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import dev.grpo.tests.streams.RewardStages.Deployment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assembler keeps a waiting rollout's bytes in memory and only its coordinates in its store; after a
 * restart it reads them back from the log. When retention deleted them meanwhile, the completed group is
 * dead-lettered, naming the lost offsets, and the stream goes on.
 */
@ExtendWith(KafkaClusterExtension.class)
class RolloutRetentionTest {

    private static final String EXTERNAL = "length";

    @Test
    void aGroupWhoseRolloutsLeftTheLogWhileItWaitedIsDeadLetteredAndTheStreamGoesOn(KafkaCluster kafka,
            @TempDir Path stateDir) throws Exception {
        StreamTopics topics = RewardStages.topics(kafka, "retention");
        RewardConfig config = RewardConfig.defaults().with(Map.of("weight." + EXTERNAL, "0.5"));
        try (RolloutRecords rollouts = new RolloutRecords(kafka, topics)) {
            RecordMetadata lost;
            try (RewardStages stages = RewardStages.start(kafka, topics, config, stateDir, Deployment.RULES_IN_ASSEMBLER)) {
                rollouts.publish(RolloutRecords.rollout("g-lost", 0, 2, "579", 8));
                lost = rollouts.publish(RolloutRecords.rollout("g-lost", 1, 2, "578", 8));
                stages.awaitAllConsumed();
            }
            TopicPartition partition = new TopicPartition(lost.topic(), lost.partition());
            kafka.admin().deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(lost.offset() + 1)))
                    .all().get(30, TimeUnit.SECONDS);

            try (RewardStages stages = RewardStages.start(kafka, topics, config, stateDir, Deployment.RULES_IN_ASSEMBLER)) {
                sendExternalScores(rollouts, topics, "g-lost");
                rollouts.publishGroup("g-good", 2);
                rollouts.flush();
                sendExternalScores(rollouts, topics, "g-good");

                List<DeadLetter> letters = stages.deadLetters(2);
                List<AdvantageSample> advantages = stages.advantages(2);

                assertThat(letters).hasSize(2).allSatisfy(letter -> {
                    assertThat(letter.getErrorType()).isEqualTo("ROLLOUT_NOT_IN_LOG");
                    assertThat(letter.getOriginalValue()).isNull();
                    assertThat(letter.getSourcePartition()).isEqualTo(lost.partition());
                    assertThat(letter.getReason()).contains("group g-lost is complete")
                            .contains("no longer in the log").contains(Long.toString(lost.offset()));
                });
                assertThat(letters).extracting(DeadLetter::getSourceOffset)
                        .containsExactlyInAnyOrder(lost.offset() - 1, lost.offset());
                assertThat(advantages).extracting(AdvantageSample::getGroupId).containsOnly("g-good");
            }
        }
    }

    private static void sendExternalScores(RolloutRecords rollouts, StreamTopics topics, String groupId) {
        for (int index = 0; index < 2; index++) {
            RewardScore score = RewardScore.newBuilder().setRolloutId(groupId + "/" + index).setGroupId(groupId)
                    .setIndex(index).setGroupSize(2).setComponent(EXTERNAL).setValue(0.5).setRewardVersion("test")
                    .setScoredAt(Instant.now()).build();
            rollouts.send(topics.rewards(EXTERNAL), groupId, RecordSerdes.rewardScore().encode(score));
        }
    }
}
