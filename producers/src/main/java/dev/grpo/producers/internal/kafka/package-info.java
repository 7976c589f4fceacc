/** Kafka plumbing of the generator: the consumer-to-Flux bridge with pause/resume on demand. */
package dev.grpo.producers.internal.kafka;
