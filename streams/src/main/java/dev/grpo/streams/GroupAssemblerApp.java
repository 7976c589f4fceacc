package dev.grpo.streams;

import dev.grpo.schemas.KafkaClusterConfig;
import dev.grpo.schemas.TopicSpec;
import dev.grpo.streams.internal.assembler.GroupAssemblerTopology;
import dev.grpo.streams.internal.rewards.RewardCatalogue;
import dev.grpo.streams.internal.rules.RolloutScoring;
import dev.grpo.streams.spi.StreamTopics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The group-assembler stream app: runs {@link GroupAssemblerTopology}, reading every reward topic
 * the configuration implies (creating {@code grpo.rewards.<name>} for a new external component, as
 * tests and in-process pipelines that own their topics rely on; {@code grpo rewards}, which runs
 * against a shared cluster, first refuses a missing or mis-partitioned one with
 * {@link dev.grpo.streams.RewardTopicCheck}).
 *
 * @param streams where and how it runs
 * @param rewards components, weights and advantage options
 * @param topics the topic names
 * @param scoresRules whether it runs the rule rewards itself instead of reading a rule-reward app's scores
 */
public record GroupAssemblerApp(StreamAppConfig streams, RewardConfig rewards, StreamTopics topics,
        boolean scoresRules) {

    /** The default application id, also the stage name in its dead letters. */
    public static final String APPLICATION_ID = "grpo-assembler";

    public GroupAssemblerApp {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(topics, "topics");
    }

    /** The assembler reading the rule scores of a separate {@code RuleRewardsApp}. */
    public GroupAssemblerApp(StreamAppConfig streams, RewardConfig rewards, StreamTopics topics) {
        this(streams, rewards, topics, false);
    }

    /** The app with default settings on {@code cluster}, reading and writing the topics of its namespace. */
    public static GroupAssemblerApp of(KafkaClusterConfig cluster, Path stateDir, RewardConfig rewards) {
        return new GroupAssemblerApp(StreamAppConfig.of(cluster, APPLICATION_ID, stateDir), rewards,
                new StreamTopics(cluster.topicPrefix()));
    }

    /**
     * The app, not started yet: a caller that watches its state sets the listener before {@link StreamsApp#start()}.
     *
     * @throws IllegalArgumentException when it scores the rules and a configured rule component is not installed
     */
    public StreamsApp create() {
        List<TopicSpec> needed = new ArrayList<>();
        for (String name : List.of(topics.rollouts(), topics.advantages(), topics.deadLetters())) {
            needed.add(topics.spec(name));
        }
        GroupAssemblerTopology.rewardTopics(rewards.components(), topics, scoresRules).forEach(name -> needed.add(topics.spec(name)));
        if (!scoresRules) {
            return new StreamsApp(streams, GroupAssemblerTopology.build(rewards.assembler(), topics), needed);
        }
        needed.add(topics.spec(topics.ruleRewards()));
        RolloutScoring rules = new RolloutScoring(
                RewardCatalogue.installed().select(rewards.ruleComponents(), rewards.rewardOptions()), rewards.components());
        return new StreamsApp(streams, GroupAssemblerTopology.buildScoringRules(rewards.assembler(), topics, rules), needed);
    }

    /** A started app. */
    public StreamsApp start() {
        StreamsApp app = create();
        app.start();
        return app;
    }
}
