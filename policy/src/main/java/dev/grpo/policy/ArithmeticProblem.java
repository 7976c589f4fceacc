package dev.grpo.policy;

/**
 * One addition problem.
 *
 * @param left the first operand (non-negative)
 * @param right the second operand (non-negative)
 */
public record ArithmeticProblem(int left, int right) {

    /** Rejects negative operands. */
    public ArithmeticProblem {
        if (left < 0 || right < 0) {
            throw new IllegalArgumentException("operands must be >= 0, got " + left + " and " + right);
        }
    }

    /** @return a stable id, e.g. {@code add-47-38} */
    public String id() {
        return "add-" + left + "-" + right;
    }

    /** @return the prompt the model sees, e.g. {@code 47+38=}; the model continues with {@code <think>} */
    public String prompt() {
        return left + "+" + right + "=";
    }

    /** @return the ground-truth final answer, e.g. {@code 85} */
    public String answer() {
        return Integer.toString(left + right);
    }
}
