package dev.grpo.workflow.eval;

import dev.grpo.policy.ArithmeticProblem;
import dev.grpo.records.Prompt;
import java.util.Objects;

/**
 * One evaluation question: the exact prompt the model sees and the answer it is judged against.
 *
 * @param id names the prompt in reports
 * @param prompt the text given to the model
 * @param groundTruth the reference final answer
 */
public record EvalPrompt(String id, String prompt, String groundTruth) {

    /** Requires every field. */
    public EvalPrompt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(groundTruth, "ground truth");
    }

    /** The prompt of a problem of the built-in arithmetic task, as the synthetic generator templates it. */
    public static EvalPrompt of(ArithmeticProblem problem) {
        return new EvalPrompt(problem.id(), problem.prompt(), problem.answer());
    }

    /** A prompt read from a prompt file: its ground truth is the reference answer. */
    public static EvalPrompt of(Prompt prompt) {
        return new EvalPrompt(prompt.getPromptId(), prompt.getText(), prompt.getGroundTruth());
    }
}
