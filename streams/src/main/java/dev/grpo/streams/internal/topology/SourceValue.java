package dev.grpo.streams.internal.topology;

import dev.grpo.schemas.DeadLetterReason;
import dev.grpo.schemas.RecordDecodingException;
import dev.grpo.streams.spi.SourceRecord;
import java.util.function.Function;

/**
 * A source record's value read as a record, or why it could not be: no value at all (a tombstone)
 * or bytes that do not decode. Stages dead-letter the record with {@link #errorType} and
 * {@link #reason} when it is not {@link #readable}.
 *
 * @param value the record read, or null
 * @param errorType the dead letter's error type when unreadable
 * @param reason what was wrong when unreadable
 * @param <T> the record read
 */
public record SourceValue<T>(T value, DeadLetterReason errorType, String reason) {

    /**
     * Reads {@code source}'s value with {@code reader}.
     *
     * @param missing the reason given when the record has no value
     */
    public static <T> SourceValue<T> read(SourceRecord source, String missing, Function<byte[], T> reader) {
        if (source.value() == null) {
            return new SourceValue<>(null, DeadLetterReason.NULL_VALUE, missing);
        }
        try {
            return new SourceValue<>(reader.apply(source.value()), null, null);
        } catch (RecordDecodingException undecodable) {
            return new SourceValue<>(null, DeadLetterReason.undecodable(undecodable.kind()), undecodable.getMessage());
        }
    }

    /** Whether the value was read. */
    public boolean readable() {
        return value != null;
    }
}
