package dev.grpo.streams.topology;

import dev.grpo.schemas.topics.TopicCatalogue;
import dev.grpo.schemas.topics.TopicSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * The names of the topics the stream apps read and write: the catalogue's names, optionally behind
 * a prefix so that several pipelines (or tests) can share one cluster without seeing each other's
 * records. The prefix is empty in production.
 *
 * @param prefix prepended to every catalogue topic name
 */
public record StreamTopics(String prefix) {

    public StreamTopics {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-', got '"
                    + prefix + "'");
        }
    }

    /** The catalogue's names, unprefixed. */
    public static StreamTopics catalogue() {
        return new StreamTopics("");
    }

    public String rollouts() {
        return prefix + TopicCatalogue.ROLLOUTS.name();
    }

    public String ruleRewards() {
        return prefix + TopicCatalogue.RULE_REWARDS.name();
    }

    /** The topic of reward component {@code component}. */
    public String rewards(String component) {
        return prefix + TopicCatalogue.rewards(component).name();
    }

    public String advantages() {
        return prefix + TopicCatalogue.ADVANTAGES.name();
    }

    public String deadLetters() {
        return prefix + TopicCatalogue.DEAD_LETTERS.name();
    }

    /** The component a {@code grpo.rewards.<component>} topic holds (empty for the rule topic or any other). */
    public Optional<String> componentOf(String topic) {
        String rewardsPrefix = prefix + TopicCatalogue.REWARDS_PREFIX;
        if (!topic.startsWith(rewardsPrefix) || topic.equals(ruleRewards())) {
            return Optional.empty();
        }
        return Optional.of(topic.substring(rewardsPrefix.length()));
    }

    /** The catalogue's spec of the topic named {@code name} (a name of this set), under that name. */
    public TopicSpec spec(String name) {
        if (!name.startsWith(prefix)) {
            throw new IllegalArgumentException("topic '" + name + "' lacks the prefix '" + prefix + "'");
        }
        TopicSpec spec = TopicCatalogue.byName(name.substring(prefix.length()))
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a catalogue topic"));
        return new TopicSpec(name, spec.key(), spec.record(), spec.partitions(), spec.retention(), spec.retentionBytes(),
                spec.cleanupPolicy(), spec.maxMessageBytes());
    }
}
