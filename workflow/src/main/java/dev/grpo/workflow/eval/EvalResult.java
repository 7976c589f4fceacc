package dev.grpo.workflow.eval;

import java.util.Locale;

/**
 * What an evaluation measured.
 *
 * @param prompts prompts evaluated
 * @param k completions per prompt
 * @param passAt1 share of correct completions (pass@1 averaged over k samples)
 * @param consAtK share of prompts whose majority answer is correct
 * @param meanLength mean completion length in tokens
 * @param languageConsistency mean language-consistency score of the completions
 */
public record EvalResult(int prompts, int k, double passAt1, double consAtK, double meanLength,
                         double languageConsistency) {

    /** A short table for the terminal. */
    public String table() {
        return String.format(Locale.ROOT, """
                prompts  k   pass@1   cons@%d   mean length  language consistency
                %7d %3d  %6.1f %%  %6.1f %%  %11.1f  %20.3f""",
                k, prompts, k, 100 * passAt1, 100 * consAtK, meanLength, languageConsistency);
    }
}
