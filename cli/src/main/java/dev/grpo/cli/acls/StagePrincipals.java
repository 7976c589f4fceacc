package dev.grpo.cli.acls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who each stage logs in as: the generator, the rewards stage, the learner, and each external reward consumer by
 * its component name ({@code code} for {@code grpo code-reward}).
 *
 * @param generator the generator's principal, e.g. {@code User:grpo-generator}
 * @param rewards the rewards stage's principal (rule rewards and group assembler)
 * @param learner the learner's principal
 * @param rewardConsumers component name to principal, one per external reward consumer
 */
public record StagePrincipals(String generator, String rewards, String learner, Map<String, String> rewardConsumers) {

    /** The stage names {@link #with} takes besides reward component names. */
    public static final List<String> STAGES = List.of("generator", "rewards", "learner");

    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z]+:[^\\s]+");

    public StagePrincipals {
        requirePrincipal("generator", generator);
        requirePrincipal("rewards", rewards);
        requirePrincipal("learner", learner);
        rewardConsumers = Map.copyOf(rewardConsumers);
        rewardConsumers.forEach(StagePrincipals::requirePrincipal);
    }

    /** {@code User:grpo-generator}, {@code User:grpo-rewards}, {@code User:grpo-learner} and {@code code} as {@code User:grpo-code-reward}. */
    public static StagePrincipals defaults() {
        return new StagePrincipals("User:grpo-generator", "User:grpo-rewards", "User:grpo-learner",
                Map.of("code", "User:grpo-code-reward"));
    }

    /**
     * These principals with one stage's changed, from {@code STAGE=PRINCIPAL}: a stage of {@link #STAGES}, or any
     * other name for the external reward consumer of that component.
     *
     * @throws IllegalArgumentException naming the text when it is not {@code STAGE=TYPE:NAME}
     */
    public StagePrincipals with(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("a principal is STAGE=TYPE:NAME (e.g. learner=User:alice), got '"
                    + assignment + "'");
        }
        String stage = assignment.substring(0, equals);
        String principal = assignment.substring(equals + 1);
        Map<String, String> consumers = new LinkedHashMap<>(rewardConsumers);
        return switch (stage) {
            case "generator" -> new StagePrincipals(principal, rewards, learner, consumers);
            case "rewards" -> new StagePrincipals(generator, principal, learner, consumers);
            case "learner" -> new StagePrincipals(generator, rewards, principal, consumers);
            default -> {
                consumers.put(stage, principal);
                yield new StagePrincipals(generator, rewards, learner, consumers);
            }
        };
    }

    private static void requirePrincipal(String stage, String principal) {
        if (principal == null || !PRINCIPAL.matcher(principal).matches()) {
            throw new IllegalArgumentException("principal of " + stage + " must be TYPE:NAME (e.g. User:alice), got '"
                    + principal + "'");
        }
    }
}
