package dev.grpo.producers.internal.admission;

import dev.grpo.producers.internal.admission.ClaimLogEntry.Claim;
import dev.grpo.producers.internal.admission.ClaimLogEntry.Published;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One generator's writes to the claims log: its claims, each carrying the lease it asks for (so every reader applies
 * the claimer's lease, whatever its own setting), and the published markers of its groups.
 */
public final class ClaimLog {

    private final Producer<String, String> producer;
    private final String topic;
    private final String generatorId;
    private final Duration lease;

    /**
     * @param producer appends records (idempotent, acks=all)
     * @param topic the claims topic
     * @param generatorId this generator, the key of its records
     * @param lease how long each claim may hold its slot unpublished
     */
    public ClaimLog(Producer<String, String> producer, String topic, String generatorId, Duration lease) {
        this.producer = producer;
        this.topic = topic;
        this.generatorId = generatorId;
        this.lease = lease;
    }

    /**
     * Appends a claim and waits until the log has it.
     *
     * @param version the version the group would be sampled with
     * @return the claim's offset
     * @throws InterruptedException when interrupted while waiting
     */
    public long claim(long version) throws InterruptedException {
        ProducerRecord<String, String> claim = new ProducerRecord<>(topic, 0, generatorId, Claim.value(version),
                List.of(new RecordHeader(ClaimLogEntry.LEASE_HEADER,
                        Claim.leaseHeader(lease).getBytes(StandardCharsets.UTF_8))));
        try {
            return producer.send(claim).get().offset();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot append a claim to " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /**
     * Appends the marker saying the group of a claim was published.
     *
     * @param slot the claim's offset
     * @return completes when the log has the marker, or fails with why it could not be appended
     */
    public CompletableFuture<RecordMetadata> markPublished(long slot) {
        CompletableFuture<RecordMetadata> appended = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, 0, generatorId, Published.value(slot)), (metadata, error) -> {
            if (error != null) {
                appended.completeExceptionally(new KafkaException("cannot mark the group of claim " + slot
                        + " published in " + topic + ": " + error.getMessage(), error));
            } else {
                appended.complete(metadata);
            }
        });
        return appended;
    }

    /** @return this generator's id */
    public String generatorId() {
        return generatorId;
    }
}
