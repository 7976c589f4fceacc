package dev.grpo.streams.internal.rewards;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The reward components rollouts are scored on, as the topologies apply them: the weighted ones in their order, the
 * ones an in-process function scores, and the tasks a component is scoped to. The reward configuration validates
 * them and hands them over; components not scored in-process are external, their scores arrive on their own topics.
 *
 * @param weights the components a group member must have (those that apply to its task), with their weights, in order
 * @param ruleComponents the components in-process reward functions score
 * @param componentTasks the tasks a scoped component applies to; a component not named here applies to every task
 */
public record RewardComponents(Map<String, Double> weights, List<String> ruleComponents,
        Map<String, Set<String>> componentTasks) {

    public RewardComponents {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        ruleComponents = List.copyOf(ruleComponents);
        componentTasks = componentTasks.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
    }

    /** Components the assembler waits for that no in-process function produces. */
    public List<String> externalComponents() {
        return weights.keySet().stream().filter(name -> !ruleComponents.contains(name)).toList();
    }

    /** Whether {@code component} applies to rollouts of {@code task}: it is not scoped, or scoped to that task. */
    public boolean appliesTo(String component, String task) {
        Set<String> tasks = componentTasks.get(component);
        return tasks == null || tasks.contains(task);
    }

    /** The weighted components that apply to {@code task}, in weight order: what a member of that task must have. */
    public List<String> componentsFor(String task) {
        return weights.keySet().stream().filter(component -> appliesTo(component, task)).toList();
    }

    /** The weighted sum of component scores; every weighted component must be present. */
    public double weightedSum(Map<String, Double> components) {
        return weightedSum(weights.keySet(), components);
    }

    /**
     * The weighted sum of the component scores that apply to {@code task}; each of those must be present, and
     * scores of components that do not apply are left out.
     */
    public double weightedSum(String task, Map<String, Double> components) {
        return weightedSum(componentsFor(task), components);
    }

    private double weightedSum(Collection<String> required, Map<String, Double> components) {
        double sum = 0;
        for (String component : required) {
            Double value = components.get(component);
            if (value == null) {
                throw new IllegalArgumentException("component '" + component + "' is missing");
            }
            sum += weights.get(component) * value;
        }
        return sum;
    }
}
