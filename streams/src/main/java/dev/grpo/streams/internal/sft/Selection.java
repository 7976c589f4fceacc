package dev.grpo.streams.internal.sft;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which advantage samples rejection sampling keeps: those whose unweighted reward components pass {@code criterion},
 * at most {@code perPrompt} of one prompt, each example labelled with {@code description}. The rejection criteria
 * decide all three and hand them over.
 *
 * @param criterion whether a sample's reward components pass (the per-prompt cap aside)
 * @param perPrompt k, the most examples kept per prompt, at least 1
 * @param description the rule as written into every example kept
 */
public record Selection(Predicate<Map<String, Double>> criterion, int perPrompt, String description) {

    public Selection {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(description, "description");
        if (perPrompt < 1) {
            throw new IllegalArgumentException("examples per prompt must be >= 1, got " + perPrompt);
        }
    }

    /** Whether a sample with these reward components passes. */
    public boolean admits(Map<String, Double> components) {
        return criterion.test(components);
    }
}
