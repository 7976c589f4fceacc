package dev.grpo.policy.pretrain;

/**
 * One pretraining example: the loss covers the completion (and the end-of-sequence token appended to it), not the
 * prompt, which is the part a policy is given rather than asked to write.
 *
 * @param prompt the conditioning text
 * @param completion the text to learn to write after it
 */
public record TrainingText(String prompt, String completion) {
}
