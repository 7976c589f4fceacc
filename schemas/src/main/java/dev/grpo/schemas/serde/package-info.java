/**
 * Kafka serdes for the Avro records in single-object encoding, and the store of every schema
 * version that shipped, through which records written by older or newer releases are read.
 */
package dev.grpo.schemas.serde;
