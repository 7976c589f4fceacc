package dev.grpo.streams.assembler;

import dev.grpo.schemas.topics.TopicSpec;
import dev.grpo.streams.config.RewardConfig;
import dev.grpo.streams.topology.StreamTopics;
import dev.grpo.streams.topology.StreamsApp;
import dev.grpo.streams.topology.StreamsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The group-assembler stream app: runs {@link GroupAssemblerTopology}, reading every reward topic
 * the configuration implies (creating {@code grpo.rewards.<name>} for a new external component).
 *
 * @param streams where and how it runs
 * @param rewards components, weights and advantage options
 * @param topics the topic names
 */
public record GroupAssemblerApp(StreamsSettings streams, RewardConfig rewards, StreamTopics topics) {

    /** The default application id, also the stage name in its dead letters. */
    public static final String APPLICATION_ID = "grpo-assembler";

    public GroupAssemblerApp {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(topics, "topics");
    }

    /** The app with default settings against {@code bootstrapServers}. */
    public static GroupAssemblerApp of(String bootstrapServers, Path stateDir, RewardConfig rewards) {
        return new GroupAssemblerApp(StreamsSettings.of(bootstrapServers, APPLICATION_ID, stateDir), rewards,
                StreamTopics.catalogue());
    }

    /** A started app. */
    public StreamsApp start() {
        List<TopicSpec> needed = new ArrayList<>();
        for (String name : List.of(topics.rollouts(), topics.advantages(), topics.deadLetters())) {
            needed.add(topics.spec(name));
        }
        GroupAssemblerTopology.rewardTopics(rewards, topics).forEach(name -> needed.add(topics.spec(name)));
        StreamsApp app = new StreamsApp(streams, GroupAssemblerTopology.build(rewards, topics), needed);
        app.start();
        return app;
    }
}
