/**
 * {@code grpo bench rewards}: the reward stage against a raw Kafka produce-consume of the same bytes, on the same
 * broker.
 */
package dev.grpo.bench.rewards;
