/**
 * The synthetic verifiable task: multi-digit addition prompts with ground truth and a held-out split, and the
 * R1-Zero-format pretraining corpus whose imperfections (guessed direct answers, arithmetic slips, a second script
 * mid-sentence) give RL something to select.
 */
package dev.grpo.policy.internal.task;
