/** Kafka Streams applications that score rollouts and turn group rewards into advantages. */
package dev.grpo.streams;
