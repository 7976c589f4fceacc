package dev.grpo.streams;

import dev.grpo.schemas.TopicInstaller.ObservedTopic;
import dev.grpo.schemas.TopicInstaller;
import dev.grpo.schemas.TopicSpec;
import dev.grpo.streams.spi.StreamTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;

/**
 * Checks, before the assembler starts, that the topic of every external reward component exists
 * and has as many partitions as the rollouts topic. The assembler pairs a score with its rollout
 * by partition number (both keyed by {@code group_id}), so a reward topic a client auto-created with
 * the broker's default partition count would silently hold scores the assembler never matches;
 * creating the topic is therefore left to whoever sets up the component ({@code grpo topics create
 * --reward NAME}), never done behind their back.
 *
 * @param topics the topic names the assembler runs on
 * @param components the external components whose topics it reads
 */
public record RewardTopicCheck(StreamTopics topics, List<String> components) {

    public RewardTopicCheck {
        Objects.requireNonNull(topics, "topics");
        components = List.copyOf(components);
    }

    /** The check of every external component {@code config} weighs. */
    public static RewardTopicCheck of(RewardConfig config, StreamTopics topics) {
        return new RewardTopicCheck(topics, config.externalComponents());
    }

    /**
     * Inspects the reward topics and the rollouts topic (nothing is changed) and returns the reward
     * topics checked; without external components it asks the cluster nothing. When the rollouts topic does not exist yet, the catalogue's partition count
     * (what the stream apps will create it with) is the one to match.
     *
     * @throws RewardTopicException naming the first reward topic that is missing or has another
     *     partition count, and the command that creates it
     * @throws org.apache.kafka.common.KafkaException when the cluster cannot be asked
     */
    public List<String> verify(Admin admin, Duration timeout) throws InterruptedException {
        if (components.isEmpty()) {
            return List.of();
        }
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(topics.spec(topics.rollouts()));
        components.forEach(component -> specs.add(topics.spec(topics.rewards(component))));
        List<ObservedTopic> observed = new TopicInstaller(admin, timeout).inspect(specs);
        ObservedTopic rollouts = observed.get(0);
        int partitions = rollouts.exists() ? rollouts.partitions() : rollouts.spec().partitions();
        for (int i = 1; i < observed.size(); i++) {
            check(observed.get(i), components.get(i - 1), partitions);
        }
        return specs.subList(1, specs.size()).stream().map(TopicSpec::name).toList();
    }

    private void check(ObservedTopic reward, String component, int rolloutPartitions) {
        String create = "create it with 'grpo topics create --reward " + component
                + (rolloutPartitions == reward.spec().partitions() ? "" : " --partitions " + rolloutPartitions) + "'";
        if (!reward.exists()) {
            throw new RewardTopicException("reward topic " + reward.spec().name() + " of component '" + component
                    + "' does not exist: " + create + " (as many partitions as " + topics.rollouts() + ")");
        }
        if (reward.partitions() != rolloutPartitions) {
            throw new RewardTopicException("reward topic " + reward.spec().name() + " has " + reward.partitions()
                    + " partition(s) but " + topics.rollouts() + " has " + rolloutPartitions
                    + ", so its scores would not meet their rollouts: delete it and " + create);
        }
    }

    /** A reward topic the assembler cannot rely on; the message says which and how to create it. */
    public static final class RewardTopicException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        /** An exception with the one-line {@code message}. */
        public RewardTopicException(String message) {
            super(message);
        }
    }
}
