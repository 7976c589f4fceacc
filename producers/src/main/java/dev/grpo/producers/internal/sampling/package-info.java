/** Group sampling: G completions of one prompt in one batch, turned into Rollout records. */
package dev.grpo.producers.internal.sampling;
