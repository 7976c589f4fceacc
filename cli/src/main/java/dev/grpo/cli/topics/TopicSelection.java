package dev.grpo.cli.topics;

import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which topics a {@code grpo topics} command works on: the catalogue, adjusted by the command-line options. */
final class TopicSelection {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partition count of every multi-partition topic, e.g. 1 for a small local run "
                    + "(single-partition topics stay at 1). Default: the catalogue's.")
    private Integer partitions;

    @Option(names = {"--reward", "--reward-component"}, paramLabel = "NAME",
            description = "Also the topic grpo.rewards.NAME of an external reward component (repeatable); "
                    + "'grpo rewards' refuses to start without it, or with another partition count than grpo.rollouts.")
    private List<String> rewardComponents = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Give up when the cluster does not answer within this many seconds. Default: ${DEFAULT-VALUE}.")
    private int timeoutSeconds;

    /** The selected topic specs, in catalogue order, reward components last. */
    List<TopicSpec> specs() {
        if (partitions != null && partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        TopicCatalogue.all().forEach(t -> byName.put(t.name(), t));
        for (String component : rewardComponents) {
            TopicSpec rewards = rewardTopic(component);
            byName.putIfAbsent(rewards.name(), rewards);
        }
        return byName.values().stream().map(this::withPartitionOverride).toList();
    }

    Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    private TopicSpec rewardTopic(String component) {
        try {
            return TopicCatalogue.rewards(component);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--reward: " + e.getMessage());
        }
    }

    private TopicSpec withPartitionOverride(TopicSpec topic) {
        return partitions == null || topic.partitions() == 1 ? topic : topic.withPartitions(partitions);
    }
}
