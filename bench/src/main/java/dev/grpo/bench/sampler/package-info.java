/**
 * {@code grpo bench sampler}: KV-cache against cache-free sampling speed, and native memory over many sampling
 * calls.
 */
package dev.grpo.bench.sampler;
