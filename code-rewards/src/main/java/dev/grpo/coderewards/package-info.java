/**
 * Code rewards: generated programs run against a task's test cases. The API other modules use: the
 * {@code grpo code-reward} stage ({@link dev.grpo.coderewards.CodeRewardStage}, configured by
 * {@link dev.grpo.coderewards.CodeRewardConfig}, counting in {@link dev.grpo.coderewards.ScoringTally}), the
 * {@link dev.grpo.coderewards.CodeVerifier} and its {@link dev.grpo.coderewards.Verdict}s and
 * {@link dev.grpo.coderewards.Failure}s, and the {@link dev.grpo.coderewards.CodeReward} reward function.
 * Everything under {@code internal} may change without notice.
 */
package dev.grpo.coderewards;
