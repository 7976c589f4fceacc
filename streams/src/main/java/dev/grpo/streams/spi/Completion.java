package dev.grpo.streams.spi;

import java.util.Objects;

/**
 * What a reward function scores: one sampled completion with the prompt and the reference data
 * it is judged against. Pure data, independent of Kafka, so the same rewards serve the stream and
 * the offline scorer.
 *
 * @param prompt the exact prompt given to the model, after templating ("" when unknown)
 * @param text the completion text, without the end-of-sequence token
 * @param groundTruth the reference final answer ("" when the task has none)
 * @param language target language of the reasoning, as a BCP-47 tag ("en" when unknown)
 * @param task the task family (e.g. "arithmetic"; "" when unknown)
 * @param completionTokens number of completion tokens (0 when unknown)
 * @param maxNewTokens the sampling length limit in tokens (0 when unknown)
 * @param finishReason why sampling stopped: STOP, LENGTH, ABORTED or UNKNOWN
 * @param verification the prompt's verification spec as JSON text ("" when the task has none, e.g. math)
 */
public record Completion(String prompt, String text, String groundTruth, String language, String task,
        int completionTokens, int maxNewTokens, String finishReason, String verification) {

    private static final String THINK = "<think>";

    public Completion {
        Objects.requireNonNull(text, "text");
        prompt = prompt == null ? "" : prompt;
        groundTruth = groundTruth == null ? "" : groundTruth;
        language = language == null || language.isBlank() ? "en" : language;
        task = task == null ? "" : task;
        finishReason = finishReason == null ? "UNKNOWN" : finishReason;
        verification = verification == null ? "" : verification;
    }

    /** A completion known only by its text, ground truth and target language, as the offline scorer reads it. */
    public static Completion of(String text, String groundTruth, String language) {
        return new Completion("", text, groundTruth, language, "", 0, 0, "UNKNOWN", "");
    }

    /**
     * The text the model is judged on: the completion, preceded by {@code <think>} when the
     * prompt template already opened the reasoning block (the R1-Zero template may end with
     * {@code "Assistant: <think>"}, and the model then continues inside it).
     */
    public String judgedText() {
        boolean promptOpensThinking = prompt.stripTrailing().endsWith(THINK);
        return promptOpensThinking && !text.stripLeading().startsWith(THINK) ? THINK + text : text;
    }
}
