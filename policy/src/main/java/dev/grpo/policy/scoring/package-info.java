/**
 * Teacher-forced log-probs of given completions after given prompts: the function the learner's loss and the
 * pretraining loss are built on. Differentiable inside a DJL {@code GradientCollector}.
 */
package dev.grpo.policy.scoring;
