package dev.grpo.streams;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.streams.internal.rewards.RewardCatalogue;
import dev.grpo.streams.internal.rules.RuleRewardsTopology;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The rule-reward stream app: runs {@link RuleRewardsTopology} with the in-process reward
 * functions the configuration names, found on the class path.
 *
 * @param streams where and how it runs
 * @param rewards which reward functions run, with which options
 * @param topics the topic names
 */
public record RuleRewardsApp(StreamAppConfig streams, RewardConfig rewards, StreamTopics topics) {

    /** The default application id, also the stage name in its dead letters. */
    public static final String APPLICATION_ID = "grpo-rule-rewards";

    public RuleRewardsApp {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(topics, "topics");
    }

    /** The app with default settings on {@code cluster}, reading and writing the topics of its namespace. */
    public static RuleRewardsApp of(KafkaClusterConfig cluster, Path stateDir, RewardConfig rewards) {
        return new RuleRewardsApp(StreamAppConfig.of(cluster, APPLICATION_ID, stateDir), rewards,
                new StreamTopics(cluster.topicPrefix()));
    }

    /**
     * The app, not started yet: a caller that watches its state sets the listener before {@link StreamsApp#start()}.
     *
     * @throws IllegalArgumentException when a configured rule component is not installed
     */
    public StreamsApp create() {
        return new StreamsApp(streams, RuleRewardsTopology.build(
                RewardCatalogue.installed().select(rewards.ruleComponents(), rewards.rewardOptions()), rewards.components(), topics),
                List.of(topics.spec(topics.rollouts()), topics.spec(topics.ruleRewards()), topics.spec(topics.deadLetters())));
    }

    /** A started app. @throws IllegalArgumentException when a configured rule component is not installed */
    public StreamsApp start() {
        StreamsApp app = create();
        app.start();
        return app;
    }
}
