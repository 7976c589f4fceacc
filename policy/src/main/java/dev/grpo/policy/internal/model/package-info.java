/**
 * The decoder-only transformer as DJL blocks, built from the {@link dev.grpo.policy.internal.model.TransformerShape}
 * a {@link dev.grpo.policy.ModelConfig} provides; the padded-batch layout shared by the sampler, the scorer and
 * pretraining, and the key/value cache used while sampling.
 */
package dev.grpo.policy.internal.model;
