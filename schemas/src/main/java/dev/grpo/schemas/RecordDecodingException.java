package dev.grpo.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that could not be decoded into a record, with what was wrong with them and where they were
 * read from, so a stage can dead-letter them instead of crashing or dropping them silently.
 */
public class RecordDecodingException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the bytes. */
    public enum Kind {
        /** Not a single-object-encoded record of the expected type: bad marker, garbage, trailing bytes. */
        CORRUPT,
        /** The bytes end before the record does. */
        TRUNCATED,
        /** The header names a schema fingerprint that is not a shipped version of the expected record. */
        UNKNOWN_FINGERPRINT
    }

    private final Kind kind;
    private final String topic;
    private final int partition;
    private final long offset;

    /**
     * A decoding failure at a record's coordinates; {@code partition} and {@code offset} are -1 where
     * they are not known (Kafka's {@code Deserializer} interface does not pass them).
     */
    public RecordDecodingException(Kind kind, String topic, int partition, long offset, String detail, Throwable cause) {
        super(kind + " record in " + topic + " partition " + partition + " offset " + offset + ": " + detail, cause);
        this.kind = kind;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** What was wrong with the bytes. */
    public Kind kind() {
        return kind;
    }

    /** Topic the bytes were read from. */
    public String topic() {
        return topic;
    }

    /** Partition the bytes were read from, or -1 when unknown. */
    public int partition() {
        return partition;
    }

    /** Offset of the record in its partition, or -1 when unknown. */
    public long offset() {
        return offset;
    }
}
