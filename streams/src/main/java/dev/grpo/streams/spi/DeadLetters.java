package dev.grpo.streams.spi;

import dev.grpo.records.DeadLetter;
import dev.grpo.schemas.DeadLetterEncoding;
import dev.grpo.schemas.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds the {@link DeadLetter} records a stage publishes to {@code grpo.dlq}: the stage name, the
 * reason, the error type and the source record's coordinates and original bytes, keyed by the
 * original key. Each is encoded within what the dead-letter sink accepts ({@link DeadLetterEncoding}):
 * a value too large to send whole goes as its longest prefix that fits, with its full length.
 */
public final class DeadLetters {

    private final String stage;
    private final DeadLetterEncoding encoding;

    /**
     * Dead letters of the stage {@code stage} (its application id), each record within {@code sink}: the letter's
     * budget is the sink's limit less room for the longest key a dead letter is published under.
     */
    public DeadLetters(String stage, SinkLimit sink) {
        this.stage = stage;
        // The encoding cuts keys to a quarter of its budget at most, so a quarter of the limit always leaves room.
        int keyRoom = Math.min(DeadLetterEncoding.MAX_KEY_BYTES, sink.maxRecordBytes() / 4);
        this.encoding = new DeadLetterEncoding(sink.maxRecordBytes() - keyRoom);
    }

    /** The stage name written into every dead letter. */
    public String stage() {
        return stage;
    }

    /** The dead letter for {@code source}, as a record ready to forward to the dead-letter sink. */
    public Record<byte[], byte[]> of(SourceRecord source, DeadLetterReason errorType, String reason, long nowMillis) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setStage(stage)
                .setReason(reason)
                .setErrorType(errorType.wireName())
                .setOriginalKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setOriginalValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
                .setFailedAt(Instant.ofEpochMilli(nowMillis))
                .build();
        // No headers: the record is exactly the bounded key and value the budget was computed for.
        return new Record<>(encoding.recordKey(source.key()), encoding.encode(letter), nowMillis);
    }
}
