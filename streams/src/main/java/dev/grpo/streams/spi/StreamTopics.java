package dev.grpo.streams.spi;

import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.schemas.TopicSpec;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of the topics the stream apps read and write: the catalogue's names, optionally behind
 * a prefix so that several pipelines (or tests) can share one cluster without seeing each other's
 * records. The prefix is empty in production. A set may also name outputs of its own
 * ({@link #writingTo}) while still reading the same rollouts and external reward topics, which is
 * how a replay re-scores history into new topics without touching the live ones.
 *
 * @param prefix prepended to every catalogue topic name not named explicitly here (external reward topics)
 * @param rollouts the rollouts topic read
 * @param ruleRewards the topic the rule scores go to (from the assembler scoring them, or from the rule-reward app)
 * @param advantages the topic the assembler writes
 * @param deadLetters the topic both apps dead-letter to
 */
public record StreamTopics(String prefix, String rollouts, String ruleRewards, String advantages, String deadLetters) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]*");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    public StreamTopics {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-', got '"
                    + prefix + "'");
        }
        for (String name : new String[] {rollouts, ruleRewards, advantages, deadLetters}) {
            if (name == null || !TOPIC.matcher(name).matches()) {
                throw new IllegalArgumentException("a topic name is 1 to 249 letters, digits, '.', '_' or '-', got '"
                        + name + "'");
            }
        }
    }

    /** The catalogue's names behind {@code prefix}. */
    public StreamTopics(String prefix) {
        this(prefix, prefix + TopicCatalogue.ROLLOUTS.name(), prefix + TopicCatalogue.RULE_REWARDS.name(),
                prefix + TopicCatalogue.ADVANTAGES.name(), prefix + TopicCatalogue.DEAD_LETTERS.name());
    }

    /** The catalogue's names, unprefixed. */
    public static StreamTopics catalogue() {
        return new StreamTopics("");
    }

    /**
     * This set reading the same rollouts and external reward topics, but writing rule rewards,
     * advantages and dead letters to the topics named here.
     */
    public StreamTopics writingTo(String ruleRewards, String advantages, String deadLetters) {
        return new StreamTopics(prefix, rollouts, ruleRewards, advantages, deadLetters);
    }

    /** The topic of reward component {@code component} (an external component's scores). */
    public String rewards(String component) {
        return prefix + TopicCatalogue.rewards(component).name();
    }

    /** The component a {@code grpo.rewards.<component>} topic holds (empty for the rule topic or any other). */
    public Optional<String> componentOf(String topic) {
        String rewardsPrefix = prefix + TopicCatalogue.REWARDS_PREFIX;
        if (!topic.startsWith(rewardsPrefix) || topic.equals(ruleRewards)) {
            return Optional.empty();
        }
        return Optional.of(topic.substring(rewardsPrefix.length()));
    }

    /**
     * The catalogue's spec of the topic named {@code name} (a name of this set), under that name:
     * the four named topics take the spec of the catalogue topic they stand for, any other name
     * must be a catalogue name behind the prefix.
     */
    public TopicSpec spec(String name) {
        Optional<TopicSpec> named = named(name);
        if (named.isPresent()) {
            return renamed(named.get(), name);
        }
        if (!name.startsWith(prefix)) {
            throw new IllegalArgumentException("topic '" + name + "' lacks the prefix '" + prefix + "'");
        }
        TopicSpec spec = TopicCatalogue.byName(name.substring(prefix.length()))
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a catalogue topic"));
        return renamed(spec, name);
    }

    private Optional<TopicSpec> named(String name) {
        if (name.equals(rollouts)) {
            return Optional.of(TopicCatalogue.ROLLOUTS);
        }
        if (name.equals(ruleRewards)) {
            return Optional.of(TopicCatalogue.RULE_REWARDS);
        }
        if (name.equals(advantages)) {
            return Optional.of(TopicCatalogue.ADVANTAGES);
        }
        return name.equals(deadLetters) ? Optional.of(TopicCatalogue.DEAD_LETTERS) : Optional.empty();
    }

    private static TopicSpec renamed(TopicSpec spec, String name) {
        return new TopicSpec(name, spec.key(), spec.record(), spec.partitions(), spec.retention(), spec.retentionBytes(),
                spec.cleanupPolicy(), spec.maxMessageBytes());
    }
}
