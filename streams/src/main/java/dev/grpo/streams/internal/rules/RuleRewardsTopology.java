package dev.grpo.streams.internal.rules;

import dev.grpo.streams.internal.rewards.RewardComponents;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.StreamTopics;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * The rule-reward app's topology: {@code grpo.rollouts} → every in-process reward function that
 * applies to the rollout's task → {@code grpo.rewards.rules} (one {@code RewardScore} per applicable
 * function and rollout), with undecodable or unscorable rollouts to {@code grpo.dlq}. Records stay bytes until the processor decodes them,
 * so a dead letter keeps the original bytes and coordinates. Stateless; keys pass through, so
 * scores land on the partition of their rollout's group.
 */
public final class RuleRewardsTopology {

    static final String SOURCE = "rollouts";
    static final String PROCESSOR = "rule-rewards";
    static final String REWARDS_SINK = "rule-scores";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private RuleRewardsTopology() {
    }

    /**
     * The topology running {@code functions} (already configured) on the catalogue's topics, each on the tasks
     * {@code components} scopes it to.
     */
    public static Topology build(List<RewardFunction> functions, RewardComponents components) {
        return build(functions, components, StreamTopics.catalogue());
    }

    /** The topology running {@code functions} (already configured) on {@code topics}, scoped by {@code components}. */
    public static Topology build(List<RewardFunction> functions, RewardComponents components, StreamTopics topics) {
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("the rule-reward app needs at least one in-process reward function");
        }
        RolloutScoring scoring = new RolloutScoring(functions, components);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.rollouts());
        topology.addProcessor(PROCESSOR, () -> new RuleRewardsProcessor(scoring, topics), SOURCE);
        topology.addSink(REWARDS_SINK, topics.ruleRewards(), new ByteArraySerializer(),
                new ByteArraySerializer(), PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters(), new ByteArraySerializer(),
                new ByteArraySerializer(), PROCESSOR);
        return topology;
    }
}
