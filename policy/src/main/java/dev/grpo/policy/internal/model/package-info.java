/**
 * The decoder-only transformer as DJL blocks, its JSON config, the padded-batch layout shared by the sampler,
 * the scorer and pretraining, and the key/value cache used while sampling.
 */
package dev.grpo.policy.internal.model;
