/** {@code grpo logprobs}: teacher-forced log-probs of given prompt/completion pairs. */
package dev.grpo.cli.logprobs;
