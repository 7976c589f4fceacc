/**
 * Replaying history: re-scoring a range of {@code grpo.rollouts} with a new reward configuration,
 * with the unchanged rule-reward and assembler topologies under application ids of their own, into
 * topics of the replay run, while the live pipeline goes on.
 */
package dev.grpo.streams.internal.replay;
