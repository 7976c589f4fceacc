package dev.grpo.streams;

import dev.grpo.schemas.TopicCatalogue;
import dev.grpo.streams.internal.assembler.AssemblerConfig;
import dev.grpo.streams.internal.rewards.FormatReward;
import dev.grpo.streams.internal.rewards.RewardComponents;
import dev.grpo.streams.spi.RewardFunctionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How rewards are computed and combined: which components the assembler waits for and their
 * weights, which of them run in-process (in the assembler, or in the rule-reward app), and how
 * advantages are normalised.
 * Components not run in-process are external: their scores arrive on {@code grpo.rewards.<name>}.
 *
 * <p>Defaults follow DeepSeek-R1: accuracy and format rewards with weight 1 (R1-Zero's two rule
 * rewards, equally weighted as in open reproductions such as open-r1), and the language-consistency
 * reward with weight 1, because R1 adds it directly to the accuracy reward; advantages are
 * {@code (r - mean) / (std + 1e-4)} with the population standard deviation of the group.
 *
 * @param weights the components a group member must have (those that apply to its task), with their weights, in order
 * @param ruleComponents in-process reward functions (by name), scored by the assembler or the rule-reward app
 * @param componentTasks the tasks a component applies to ({@code tasks.<component>}), for components scoped to
 *     some tasks only; a component not named here applies to every task. In a mixed run a math rollout then
 *     never waits for a {@code code} score, nor is a program checked like an arithmetic answer
 * @param scoreTimeout time budget for one in-process function on one completion
 * @param options settings per component ({@code option.<component>.<key>})
 * @param scaleByStd divide by the group standard deviation; false is Dr. GRPO
 * @param epsilon added to the standard deviation
 * @param dropUniformGroups drop (and count) groups whose rewards are all equal, as DAPO's dynamic sampling
 * @param groupTimeout how long the assembler waits for an incomplete group before dead-lettering it
 * @param maxGroupSize largest acceptable group size G; larger sizes are rejected as malformed
 */
public record RewardConfig(
        Map<String, Double> weights,
        List<String> ruleComponents,
        Map<String, Set<String>> componentTasks,
        Duration scoreTimeout,
        Map<String, Map<String, String>> options,
        boolean scaleByStd,
        double epsilon,
        boolean dropUniformGroups,
        Duration groupTimeout,
        int maxGroupSize) {

    /** The value of a {@code weight.<name>} key that removes the component. */
    public static final String REMOVED = "none";

    public RewardConfig {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        ruleComponents = List.copyOf(ruleComponents);
        componentTasks = scopes(componentTasks);
        Map<String, Map<String, String>> copied = new TreeMap<>();
        options.forEach((component, settings) -> copied.put(component, Map.copyOf(settings)));
        options = Collections.unmodifiableMap(copied);
        Objects.requireNonNull(scoreTimeout, "scoreTimeout");
        Objects.requireNonNull(groupTimeout, "groupTimeout");
        validate(weights, ruleComponents, scoreTimeout, epsilon, groupTimeout, maxGroupSize);
        validateScopes(componentTasks, weights, ruleComponents);
    }

    /** Sorted, immutable copies; an empty task list means every task, as if the component were not named. */
    private static Map<String, Set<String>> scopes(Map<String, Set<String>> componentTasks) {
        Map<String, Set<String>> copied = new TreeMap<>();
        componentTasks.forEach((component, tasks) -> {
            if (!tasks.isEmpty()) {
                copied.put(component, Collections.unmodifiableSortedSet(new TreeSet<>(tasks)));
            }
        });
        return Collections.unmodifiableMap(copied);
    }

    private static void validateScopes(Map<String, Set<String>> componentTasks, Map<String, Double> weights,
            List<String> rules) {
        componentTasks.forEach((component, tasks) -> {
            TopicCatalogue.rewards(component);
            if (!weights.containsKey(component) && !rules.contains(component)) {
                throw new IllegalArgumentException("reward config: 'tasks." + component + "' scopes '" + component
                        + "', which is neither weighted nor a rule component");
            }
            if (tasks.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("reward config: 'tasks." + component + "' names a blank task: " + tasks);
            }
        });
    }

    private static void validate(Map<String, Double> weights, List<String> rules, Duration scoreTimeout,
            double epsilon, Duration groupTimeout, int maxGroupSize) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("reward config: at least one weighted component is required");
        }
        weights.forEach((name, weight) -> {
            TopicCatalogue.rewards(name);
            if (weight == null || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("reward config: weight of '" + name + "' must be finite, got " + weight);
            }
        });
        rules.forEach(TopicCatalogue::rewards);
        if (rules.contains(TopicCatalogue.RULE_REWARDS.name().substring(TopicCatalogue.REWARDS_PREFIX.length()))
                || weights.containsKey("rules")) {
            throw new IllegalArgumentException("reward config: 'rules' names the rule-reward topic, not a component");
        }
        if (scoreTimeout.isNegative() || scoreTimeout.isZero() || groupTimeout.isNegative() || groupTimeout.isZero()) {
            throw new IllegalArgumentException("reward config: timeouts must be positive, got score.timeout="
                    + scoreTimeout + " groups.timeout=" + groupTimeout);
        }
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("reward config: advantage.epsilon must be finite and >= 0, got " + epsilon);
        }
        if (maxGroupSize < 1) {
            throw new IllegalArgumentException("reward config: groups.max-size must be >= 1, got " + maxGroupSize);
        }
    }

    /** DeepSeek-R1-like defaults (see the class comment). */
    public static RewardConfig defaults() {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put(AccuracyReward.NAME, 1.0);
        weights.put(FormatReward.NAME, 1.0);
        weights.put(LanguageConsistencyReward.NAME, 1.0);
        return new RewardConfig(weights, List.of(AccuracyReward.NAME, FormatReward.NAME, LanguageConsistencyReward.NAME),
                Map.of(), Duration.ofSeconds(1), Map.of(), true, 1e-4, false, Duration.ofMinutes(5), 1024);
    }

    /** Components the assembler waits for that no in-process function produces. */
    public List<String> externalComponents() {
        return components().externalComponents();
    }

    /** The options each in-process function is configured with. */
    public Map<String, RewardFunctionConfig> rewardOptions() {
        Map<String, RewardFunctionConfig> byName = new LinkedHashMap<>();
        for (String name : ruleComponents) {
            byName.put(name, new RewardFunctionConfig(scoreTimeout, options.getOrDefault(name, Map.of())));
        }
        return byName;
    }

    /** Whether {@code component} applies to rollouts of {@code task}: it is not scoped, or scoped to that task. */
    public boolean appliesTo(String component, String task) {
        return components().appliesTo(component, task);
    }

    /** The weighted components that apply to {@code task}, in weight order: what a member of that task must have. */
    public List<String> componentsFor(String task) {
        return components().componentsFor(task);
    }

    /** The weighted sum of component scores; every weighted component must be present. */
    public double weightedSum(Map<String, Double> components) {
        return components().weightedSum(components);
    }

    /**
     * The weighted sum of the component scores that apply to {@code task}; each of those must be present, and
     * scores of components that do not apply are left out.
     */
    public double weightedSum(String task, Map<String, Double> components) {
        return components().weightedSum(task, components);
    }

    /** The components, their weights and scopes, as the topologies read them. */
    RewardComponents components() {
        return new RewardComponents(weights, ruleComponents, componentTasks);
    }

    /** What the assembler's topology reads of this configuration. */
    AssemblerConfig assembler() {
        return new AssemblerConfig(components(), scaleByStd, epsilon, dropUniformGroups, groupTimeout, maxGroupSize);
    }

    /**
     * This configuration with settings applied, as {@code key=value} pairs in the property format
     * of {@link RewardConfigFile} (the form CLI flags and files share).
     *
     * @throws IllegalArgumentException naming the first unknown key or malformed value
     */
    public RewardConfig with(Map<String, String> settings) {
        Builder builder = new Builder(this);
        settings.forEach(builder::set);
        return builder.build();
    }

    /** Applies property-format settings one at a time. */
    private static final class Builder {
        private final Map<String, Double> weights;
        private List<String> rules;
        private final Map<String, Set<String>> tasks;
        private Duration scoreTimeout;
        private final Map<String, Map<String, String>> options;
        private boolean scaleByStd;
        private double epsilon;
        private boolean dropUniform;
        private Duration groupTimeout;
        private int maxGroupSize;

        Builder(RewardConfig base) {
            weights = new LinkedHashMap<>(base.weights);
            rules = new ArrayList<>(base.ruleComponents);
            tasks = new TreeMap<>(base.componentTasks);
            scoreTimeout = base.scoreTimeout;
            options = new TreeMap<>();
            base.options.forEach((name, settings) -> options.put(name, new TreeMap<>(settings)));
            scaleByStd = base.scaleByStd;
            epsilon = base.epsilon;
            dropUniform = base.dropUniformGroups;
            groupTimeout = base.groupTimeout;
            maxGroupSize = base.maxGroupSize;
        }

        void set(String key, String rawValue) {
            String value = rawValue.strip();
            if (key.startsWith("weight.")) {
                setWeight(key.substring("weight.".length()), value);
            } else if (key.startsWith("tasks.")) {
                tasks.put(key.substring("tasks.".length()), Set.copyOf(list(value)));
            } else if (key.startsWith("option.") && key.indexOf('.', "option.".length()) > 0) {
                int dot = key.indexOf('.', "option.".length());
                options.computeIfAbsent(key.substring("option.".length(), dot), k -> new TreeMap<>())
                        .put(key.substring(dot + 1), value);
            } else {
                setScalar(key, value);
            }
        }

        private void setWeight(String component, String value) {
            if (value.equalsIgnoreCase(REMOVED)) {
                weights.remove(component);
            } else {
                weights.put(component, number(component, value));
            }
        }

        private void setScalar(String key, String value) {
            switch (key) {
                case "rules" -> rules = list(value);
                case "score.timeout" -> scoreTimeout = DurationText.parse(key, value);
                case "advantage.scale-by-std" -> scaleByStd = bool(key, value);
                case "advantage.epsilon" -> epsilon = number(key, value);
                case "groups.drop-uniform" -> dropUniform = bool(key, value);
                case "groups.timeout" -> groupTimeout = DurationText.parse(key, value);
                case "groups.max-size" -> maxGroupSize = (int) number(key, value);
                default -> throw new IllegalArgumentException("unknown reward config key '" + key + "'; known: "
                        + "weight.<component>, tasks.<component>, rules, score.timeout, option.<component>.<key>, "
                        + "advantage.scale-by-std, advantage.epsilon, groups.drop-uniform, groups.timeout, groups.max-size");
            }
        }

        /** A comma-separated list, blanks dropped. */
        private static List<String> list(String value) {
            return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        }

        private static double number(String key, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("reward config: '" + key + "' must be a number, got '" + value + "'");
            }
        }

        private static boolean bool(String key, String value) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("reward config: '" + key + "' must be true or false, got '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        RewardConfig build() {
            return new RewardConfig(weights, rules, tasks, scoreTimeout, options, scaleByStd, epsilon, dropUniform,
                    groupTimeout, maxGroupSize);
        }
    }
}
