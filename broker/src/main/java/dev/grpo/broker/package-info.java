/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) built from Kafka's server jars, run inside
 * the JVM: {@code grpo broker}, the demo and the integration tests start it; no stage image needs these jars.
 */
package dev.grpo.broker;
