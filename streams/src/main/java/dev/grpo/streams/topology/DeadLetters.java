package dev.grpo.streams.topology;

import dev.grpo.records.DeadLetter;
import dev.grpo.schemas.serde.RecordSerde;
import dev.grpo.schemas.serde.RecordSerdes;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds the {@link DeadLetter} records a stage publishes to {@code grpo.dlq}: the stage name, the
 * reason, the error type and the source record's coordinates and original bytes, keyed by the
 * original key.
 */
public final class DeadLetters {

    private final String stage;
    private final RecordSerde<DeadLetter> serde = RecordSerdes.deadLetter();

    /** Dead letters of the stage {@code stage} (its application id). */
    public DeadLetters(String stage) {
        this.stage = stage;
    }

    /** The stage name written into every dead letter. */
    public String stage() {
        return stage;
    }

    /** The dead letter for {@code source}, as a record ready to forward to the dead-letter sink. */
    public Record<byte[], byte[]> of(SourceRecord source, String errorType, String reason, long nowMillis) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setStage(stage)
                .setReason(reason)
                .setErrorType(errorType)
                .setOriginalKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setOriginalValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
                .setFailedAt(Instant.ofEpochMilli(nowMillis))
                .build();
        return new Record<>(source.key(), serde.encode(letter), nowMillis);
    }
}
