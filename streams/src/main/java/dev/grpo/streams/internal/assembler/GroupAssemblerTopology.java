package dev.grpo.streams.internal.assembler;

import dev.grpo.streams.internal.rewards.RewardComponents;
import dev.grpo.streams.internal.rules.RolloutScoring;
import dev.grpo.streams.spi.StreamTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The assembler app's topology: {@code grpo.rollouts}, {@code grpo.rewards.rules} and
 * {@code grpo.rewards.<name>} of every external component → one processor with two local stores
 * (group states, member rollouts) → {@code grpo.advantages}, and {@code grpo.dlq} for everything
 * it cannot use. All inputs are keyed by group id and equally partitioned, so a group's records
 * meet in one task without repartitioning.
 *
 * <p>It can also run the rule rewards itself ({@link #buildScoringRules}): then it scores each
 * rollout on arrival, still publishes the scores to {@code grpo.rewards.rules} for anyone who reads
 * them, and waits only for external components. Rollouts are then read once instead of twice, and
 * a group whose rewards are all rules closes as soon as its last member arrives.
 */
public final class GroupAssemblerTopology {

    static final String ROLLOUT_SOURCE = "rollouts";
    static final String REWARD_SOURCE = "rewards";
    static final String PROCESSOR = "assembler";
    static final String ADVANTAGES_SINK = "advantages";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String RULE_SCORES_SINK = "rule-scores";
    /** Name of the store of group states (its changelog is {@code <application id>-assembler-groups-changelog}). */
    public static final String GROUPS_STORE = "assembler-groups";
    /** Name of the store of arrived member rollouts. */
    public static final String MEMBERS_STORE = "assembler-members";

    private GroupAssemblerTopology() {
    }

    /** The reward topics the assembler reads for {@code rewards} when a separate app scores the rules. */
    public static List<String> rewardTopics(RewardComponents rewards, StreamTopics names) {
        return rewardTopics(rewards, names, false);
    }

    /** The reward topics the assembler reads for {@code rewards}; none for the rules when it scores them itself. */
    public static List<String> rewardTopics(RewardComponents rewards, StreamTopics names, boolean scoresRules) {
        List<String> topics = new ArrayList<>();
        if (!scoresRules && rewards.weights().keySet().stream().anyMatch(rewards.ruleComponents()::contains)) {
            topics.add(names.ruleRewards());
        }
        rewards.externalComponents().forEach(name -> topics.add(names.rewards(name)));
        return topics;
    }

    /** The topology assembling groups as {@code config} says, on the catalogue's topics. */
    public static Topology build(AssemblerConfig config) {
        return build(config, StreamTopics.catalogue());
    }

    /** The topology assembling groups as {@code config} says, on {@code names}. */
    public static Topology build(AssemblerConfig config, StreamTopics names) {
        return build(config, names, Optional.empty());
    }

    /**
     * The topology assembling groups as {@code config} says, on {@code names}, scoring the rule
     * components itself with {@code rules} (already configured).
     */
    public static Topology buildScoringRules(AssemblerConfig config, StreamTopics names, RolloutScoring rules) {
        return build(config, names, Optional.of(rules));
    }

    private static Topology build(AssemblerConfig config, StreamTopics names, Optional<RolloutScoring> rules) {
        Topology topology = new Topology();
        topology.addSource(ROLLOUT_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                names.rollouts());
        List<String> rewardTopics = rewardTopics(config.rewards(), names, rules.isPresent());
        List<String> parents = new ArrayList<>(List.of(ROLLOUT_SOURCE));
        if (!rewardTopics.isEmpty()) {
            topology.addSource(REWARD_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                    rewardTopics.toArray(String[]::new));
            parents.add(REWARD_SOURCE);
        }
        topology.addProcessor(PROCESSOR, () -> new GroupAssemblerProcessor(config, names, rules),
                parents.toArray(String[]::new));
        // Caching collapses the many updates of a group within one commit interval into one
        // RocksDB and changelog write, and a member stored and deleted within it into a tombstone.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUPS_STORE),
                Serdes.String(), GroupStateSerde.groups()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MEMBERS_STORE),
                Serdes.String(), GroupStateSerde.members()).withCachingEnabled(), PROCESSOR);
        topology.addSink(ADVANTAGES_SINK, names.advantages(), new ByteArraySerializer(),
                new ByteArraySerializer(), PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, names.deadLetters(), new ByteArraySerializer(),
                new ByteArraySerializer(), PROCESSOR);
        if (rules.isPresent()) {
            topology.addSink(RULE_SCORES_SINK, names.ruleRewards(), new ByteArraySerializer(),
                    new ByteArraySerializer(), PROCESSOR);
        }
        return topology;
    }
}
