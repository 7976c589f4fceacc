package dev.grpo.streams;

import dev.grpo.streams.spi.StreamTopics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names a replay run owns: its output topics ({@code grpo.rewards.rules.<run>},
 * {@code grpo.advantages.<run>} unless another name is given, {@code grpo.dlq.<run>}) and its two
 * Kafka Streams application ids (also their consumer groups), all distinct from every live name.
 *
 * @param run the run's name
 * @param topics the live topic set with the run's outputs: reads live rollouts and external rewards, writes only the run's topics
 * @param rulesApplicationId the application id of the replay's rule-reward app
 * @param assemblerApplicationId the application id of the replay's assembler
 */
public record ReplayOutputs(String run, StreamTopics topics, String rulesApplicationId, String assemblerApplicationId) {

    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");

    public ReplayOutputs {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(rulesApplicationId, "rulesApplicationId");
        Objects.requireNonNull(assemblerApplicationId, "assemblerApplicationId");
    }

    /**
     * The outputs of run {@code run} replaying the history of {@code live}.
     *
     * @param advantagesTopic the advantages topic, when not {@code grpo.advantages.<run>}
     * @throws IllegalArgumentException for a malformed run name, or an output that is a live topic
     */
    public static ReplayOutputs of(StreamTopics live, String run, Optional<String> advantagesTopic) {
        if (run == null || !RUN_NAME.matcher(run).matches()) {
            throw new IllegalArgumentException("a replay run name is 1 to 100 letters, digits, '.', '_' or '-', "
                    + "not starting with '.', got '" + run + "'");
        }
        String advantages = advantagesTopic.orElse(live.advantages() + "." + run);
        List<String> liveNames = List.of(live.rollouts(), live.ruleRewards(), live.advantages(), live.deadLetters());
        if (liveNames.contains(advantages)) {
            throw new IllegalArgumentException("--out-topic " + advantages + " is a live topic; a replay never writes live topics");
        }
        StreamTopics topics = live.writingTo(live.ruleRewards() + "." + run, advantages, live.deadLetters() + "." + run);
        String application = live.prefix() + "grpo-replay-" + run;
        return new ReplayOutputs(run, topics, application + "-rules", application + "-assembler");
    }

    /** The topics the replay writes: rule rewards, advantages, dead letters. */
    public List<String> topicNames() {
        return List.of(topics.ruleRewards(), topics.advantages(), topics.deadLetters());
    }

    /** Both application ids. */
    public List<String> applicationIds() {
        return List.of(rulesApplicationId, assemblerApplicationId);
    }
}
