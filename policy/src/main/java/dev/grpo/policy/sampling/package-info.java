/**
 * Batched generation: temperature and top-p sampling with a key/value cache, per-sequence seeds, and the
 * behaviour log-prob of every sampled token.
 */
package dev.grpo.policy.sampling;
