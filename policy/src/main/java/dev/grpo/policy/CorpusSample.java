package dev.grpo.policy;

/**
 * One pretraining example.
 *
 * @param problem the problem
 * @param prompt the prompt text
 * @param completion the R1-Zero completion {@code <think>…</think><answer>…</answer>} (no end-of-sequence token)
 * @param style how it reasons
 * @param correct whether its answer is right
 */
public record CorpusSample(ArithmeticProblem problem, String prompt, String completion, ReasoningStyle style,
                           boolean correct) {
}
