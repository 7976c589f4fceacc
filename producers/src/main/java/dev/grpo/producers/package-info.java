/** Generator processes that sample grouped rollouts from the current policy and publish them to {@code grpo.rollouts}. */
package dev.grpo.producers;
