package dev.grpo.policy;

/** How a corpus sample reaches its answer. */
public enum ReasoningStyle {
    /** No work shown: {@code <think></think><answer>…</answer>}. */
    DIRECT,
    /** Column-by-column addition in English. */
    STEPS,
    /** Column-by-column addition with some phrases in Chinese, switching mid-sentence. */
    MIXED_STEPS
}
