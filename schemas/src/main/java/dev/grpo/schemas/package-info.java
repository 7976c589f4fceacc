/** The Avro contracts shared by every stage, their Kafka serdes, and the topic catalogue. */
package dev.grpo.schemas;
