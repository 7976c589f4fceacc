package dev.grpo.tests.streams;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.RewardConfig;
import dev.grpo.streams.RewardTopicCheck.RewardTopicException;
import dev.grpo.streams.RewardTopicCheck;
import dev.grpo.streams.spi.RequiredTopics;
import dev.grpo.streams.spi.StreamTopics;
import dev.grpo.tests.kafka.KafkaCluster;
import dev.grpo.tests.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The assembler's reward topics are checked on a real broker before it starts: each external component's topic must
 * exist with the rollouts' partition count, and nothing is created or changed by the check.
 */
@ExtendWith(KafkaClusterExtension.class)
class RewardTopicCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final RewardConfig LENGTH = RewardConfig.defaults().with(Map.of("weight.length", "0.5"));

    @Test
    void aMissingRewardTopicIsRefusedWithTheCommandThatCreatesItAndIsNotCreated(KafkaCluster kafka) throws Exception {
        StreamTopics topics = RewardStages.topics(kafka, "check-missing");
        RewardStages.createTopics(kafka, topics);

        assertThatThrownBy(() -> RewardTopicCheck.of(LENGTH, topics).verify(kafka.admin(), TIMEOUT))
                .isInstanceOf(RewardTopicException.class)
                .hasMessage("reward topic " + topics.rewards("length") + " of component 'length' does not exist: "
                        + "create it with 'grpo topics create --reward length' (as many partitions as "
                        + topics.rollouts() + ")");
        assertThat(topicNames(kafka)).doesNotContain(topics.rewards("length"));
    }

    @Test
    void aRewardTopicWithAnotherPartitionCountThanTheRolloutsIsRefused(KafkaCluster kafka) throws Exception {
        StreamTopics topics = RewardStages.topics(kafka, "check-partitions");
        RewardStages.createTopics(kafka, topics);
        createTopic(kafka, topics.rewards("length"), 1);

        assertThatThrownBy(() -> RewardTopicCheck.of(LENGTH, topics).verify(kafka.admin(), TIMEOUT))
                .isInstanceOf(RewardTopicException.class)
                .hasMessage("reward topic " + topics.rewards("length") + " has 1 partition(s) but " + topics.rollouts()
                        + " has 6, so its scores would not meet their rollouts: delete it and create it with "
                        + "'grpo topics create --reward length'");
    }

    @Test
    void theHintCarriesThePartitionCountOfRolloutsThatDifferFromTheCatalogue(KafkaCluster kafka) {
        StreamTopics topics = RewardStages.topics(kafka, "check-hint");
        createTopic(kafka, topics.rollouts(), 2);

        assertThatThrownBy(() -> RewardTopicCheck.of(LENGTH, topics).verify(kafka.admin(), TIMEOUT))
                .hasMessageEndingWith("create it with 'grpo topics create --reward length --partitions 2' "
                        + "(as many partitions as " + topics.rollouts() + ")");
    }

    @Test
    void rewardTopicsWithTheRolloutsPartitionCountPass(KafkaCluster kafka) throws Exception {
        StreamTopics topics = RewardStages.topics(kafka, "check-right");
        createTopic(kafka, topics.rollouts(), 2);
        createTopic(kafka, topics.rewards("length"), 2);
        createTopic(kafka, topics.rewards("overlong"), 2);
        RewardConfig two = LENGTH.with(Map.of("weight.overlong", "1"));

        assertThat(RewardTopicCheck.of(two, topics).verify(kafka.admin(), TIMEOUT))
                .containsExactly(topics.rewards("length"), topics.rewards("overlong"));
    }

    @Test
    void beforeTheRolloutsExistTheCataloguePartitionCountIsTheOneToMatch(KafkaCluster kafka) throws Exception {
        StreamTopics topics = RewardStages.topics(kafka, "check-fresh");
        RequiredTopics.ensure(KafkaClusterConfig.of(kafka.bootstrapServers()), List.of(topics.spec(topics.rewards("length"))));

        assertThat(RewardTopicCheck.of(LENGTH, topics).verify(kafka.admin(), TIMEOUT))
                .containsExactly(topics.rewards("length"));
        assertThat(topicNames(kafka)).doesNotContain(topics.rollouts());
    }

    @Test
    void onlyExternalComponentsHaveTopicsToCheck(KafkaCluster kafka) throws Exception {
        StreamTopics topics = RewardStages.topics(kafka, "check-rules");

        assertThat(RewardTopicCheck.of(RewardConfig.defaults(), topics).verify(kafka.admin(), TIMEOUT)).isEmpty();
    }

    private static void createTopic(KafkaCluster kafka, String name, int partitions) {
        try {
            kafka.admin().createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + KafkaCluster.PATIENCE.toNanos();
            while (!topicNames(kafka).contains(name) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + name, e);
        }
    }

    private static Set<String> topicNames(KafkaCluster kafka) throws Exception {
        return kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS);
    }
}
