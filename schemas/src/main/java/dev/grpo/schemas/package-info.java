/**
 * The contract every stage shares, and the module's one API package: the Kafka serdes for the Avro records in
 * single-object encoding ({@link dev.grpo.schemas.RecordSerdes}) with the store of every schema version that shipped,
 * the topic catalogue and its installer, the cluster connection ({@link dev.grpo.schemas.KafkaClusterConfig}), the
 * typed dead-letter reasons and their encoding, and the verification spec of code prompts. The records themselves are
 * generated from the {@code .avsc} files into {@code dev.grpo.records}: a language-neutral wire contract, not Java API.
 * The byte-walking and field-copying machinery behind the serdes is package-private here.
 */
package dev.grpo.schemas;
