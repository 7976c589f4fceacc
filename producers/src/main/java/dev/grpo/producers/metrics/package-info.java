/** Micrometer meters of a generator. */
package dev.grpo.producers.metrics;
