/** The GRPO learner: consumes advantage batches, applies policy updates, checkpoints and broadcasts versions. */
package dev.grpo.learner;
