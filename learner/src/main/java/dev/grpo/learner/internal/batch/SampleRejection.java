package dev.grpo.learner.internal.batch;

/**
 * A sample the learner refuses, with the problem and a message naming the offending field and value; it becomes a
 * dead letter.
 *
 * @param problem the kind of problem
 * @param reason what exactly is wrong
 */
public record SampleRejection(SampleProblem problem, String reason) {
}
