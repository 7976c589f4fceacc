package dev.grpo.streams;

import dev.grpo.streams.internal.rewards.FormatReward;
import dev.grpo.streams.internal.sft.Selection;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Which completions rejection sampling keeps for supervised fine-tuning, as DeepSeek-R1 built its SFT data: a
 * correct answer (accuracy 1), the required format (format 1), reasoning in the prompt's language (language
 * consistency at least {@code minLanguageConsistency}), and at most {@code perPrompt} completions of one prompt, so
 * easy prompts do not crowd out the rest. A sample that lacks one of the three components is not kept: it cannot be
 * shown to pass.
 *
 * <p>The default threshold 0.95 admits one foreign word in twenty, but no mixed-language reasoning of the length
 * the arithmetic task produces (a dozen words or so, where a single foreign word already costs more than 5 %).
 *
 * @param minLanguageConsistency the least language-consistency score kept, in [0, 1]
 * @param perPrompt k, the most examples kept per prompt, at least 1
 */
public record RejectionCriteria(double minLanguageConsistency, int perPrompt) {

    /** Default least language consistency. */
    public static final double DEFAULT_MIN_LANGUAGE_CONSISTENCY = 0.95;
    /** Default k. */
    public static final int DEFAULT_PER_PROMPT = 4;

    public RejectionCriteria {
        if (!(minLanguageConsistency >= 0 && minLanguageConsistency <= 1)) {
            throw new IllegalArgumentException("minimum language consistency must be in [0, 1], got "
                    + minLanguageConsistency);
        }
        if (perPrompt < 1) {
            throw new IllegalArgumentException("examples per prompt must be >= 1, got " + perPrompt);
        }
    }

    /** Language consistency at least 0.95, at most 4 examples per prompt. */
    public static RejectionCriteria defaults() {
        return new RejectionCriteria(DEFAULT_MIN_LANGUAGE_CONSISTENCY, DEFAULT_PER_PROMPT);
    }

    /** Whether a sample with these unweighted reward components passes (the per-prompt cap aside). */
    public boolean passes(Map<String, Double> components) {
        Double accuracy = components.get(AccuracyReward.NAME);
        Double format = components.get(FormatReward.NAME);
        Double language = components.get(LanguageConsistencyReward.NAME);
        return accuracy != null && accuracy == 1.0 && format != null && format == 1.0
                && language != null && language >= minLanguageConsistency;
    }

    /** The rule as written into every example it keeps, e.g. {@code accuracy=1 format=1 language_consistency>=0.95 k=4}. */
    public String description() {
        return String.format(Locale.ROOT, "%s=1 %s=1 %s>=%s k=%d", AccuracyReward.NAME, FormatReward.NAME,
                LanguageConsistencyReward.NAME, stripped(minLanguageConsistency), perPrompt);
    }

    /** The selection the rejection-sampling topology makes with these criteria. */
    Selection selection() {
        return new Selection(this::passes, perPrompt, description());
    }

    private static String stripped(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
