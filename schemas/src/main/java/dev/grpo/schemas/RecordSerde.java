package dev.grpo.schemas;

import dev.grpo.schemas.RecordDecodingException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for one generated Avro record type in Avro's single-object encoding:
 * writes with the current schema, reads records written with any shipped version of it. Bad bytes
 * raise {@link RecordDecodingException}, never a null or an out-of-memory error. Thread-safe.
 *
 * @param <T> the generated record class
 */
public final class RecordSerde<T extends SpecificRecord> implements Serde<T> {

    /** Marker (0xC3 0x01) plus the 8-byte little-endian schema fingerprint. */
    static final int HEADER_LENGTH = 10;

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = 0x01;

    private final Schema schema;
    private final long fingerprint;
    private final byte[] header;
    private final ShippedSchemas schemas;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    RecordSerde(Class<T> type, ShippedSchemas schemas) {
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.fingerprint = ShippedSchemas.fingerprint(schema);
        this.header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .put(MARKER_0).put(MARKER_1).putLong(fingerprint).array();
        this.schemas = schemas;
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, schemas);
    }

    /** The schema this serde writes with and reads into. */
    public Schema schema() {
        return schema;
    }

    /**
     * The record in single-object encoding: 0xC3 0x01, the schema fingerprint, the Avro binary body.
     *
     * @throws SerializationException if the record does not fit its schema (e.g. a required field is null)
     */
    public byte[] encode(T record) {
        if (record == null) {
            throw new NullPointerException("cannot encode a null " + schema.getName() + " (tombstones go through serializer())");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encoder.encode(record, out);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The record in single-object encoding with the {@code copied} fields taken byte for byte from
     * {@code source} (whatever {@code record} holds in them is ignored): a stage that forwards a
     * large array from one record into another moves its bytes without decoding them. The result
     * decodes exactly as if the source's values had been set on {@code record}.
     *
     * @throws IllegalArgumentException if a copied field is missing from either record or has another type
     * @throws SerializationException if the other fields do not fit the schema
     */
    public byte[] encodeCopying(T record, RecordLayout source, Set<String> copied) {
        FieldCopyingWriter<T> writer = new FieldCopyingWriter<>(schema, source, copied);
        ByteArrayOutputStream out = new ByteArrayOutputStream(source.bytes().length + 256);
        out.writeBytes(header);
        try {
            BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, body);
            body.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The record in {@code bytes}, resolved from the schema version it was written with to the current one.
     *
     * @throws RecordDecodingException naming the topic, partition and offset if the bytes are null,
     *     corrupt, truncated or written with a schema that is not a shipped version of this record
     */
    public T decode(String topic, int partition, long offset, byte[] bytes) {
        Origin origin = new Origin(topic, partition, offset);
        if (bytes == null) {
            throw origin.failure(Kind.CORRUPT, "no value (null bytes, e.g. a tombstone) where a " + schema.getName()
                    + " was expected", null);
        }
        checkPayload(origin, writerSchema(origin, bytes), bytes);
        return read(origin, bytes);
    }

    /**
     * The record in {@code bytes}, checked as {@link #decode} checks it but not decoded: its fields are
     * read one by one from the bytes, as the writer wrote them.
     *
     * @throws RecordDecodingException as {@link #decode} does
     */
    public RecordLayout layout(String topic, int partition, long offset, byte[] bytes) {
        Origin origin = new Origin(topic, partition, offset);
        if (bytes == null) {
            throw origin.failure(Kind.CORRUPT, "no value (null bytes, e.g. a tombstone) where a " + schema.getName()
                    + " was expected", null);
        }
        Schema writer = writerSchema(origin, bytes);
        return new RecordLayout(bytes, writer, checkPayload(origin, writer, bytes));
    }

    /** The record in a consumed Kafka record's value; failures name the consumer record's coordinates. */
    public T decode(ConsumerRecord<?, byte[]> record) {
        return decode(record.topic(), record.partition(), record.offset(), record.value());
    }

    /** Kafka's serializer view: null (a tombstone) stays null. */
    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    /**
     * Kafka's deserializer view: null stays null (a tombstone); failures carry partition and offset -1,
     * which Kafka's consumer supplies in the {@code RecordDeserializationException} that wraps them.
     */
    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, -1, -1L, bytes);
    }

    private Schema writerSchema(Origin origin, byte[] bytes) {
        boolean markerSoFar = (bytes.length < 1 || bytes[0] == MARKER_0) && (bytes.length < 2 || bytes[1] == MARKER_1);
        if (!markerSoFar) {
            throw origin.failure(Kind.CORRUPT, "not single-object encoded: expected marker C3 01, found "
                    + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes, 0, Math.min(2, bytes.length)), null);
        }
        if (bytes.length < HEADER_LENGTH) {
            throw origin.failure(Kind.TRUNCATED, bytes.length + " bytes, fewer than the " + HEADER_LENGTH
                    + "-byte single-object header", null);
        }
        long written = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = written == fingerprint ? schema : schemas.findByFingerprint(written);
        if (writer == null) {
            throw origin.failure(Kind.UNKNOWN_FINGERPRINT, String.format("fingerprint 0x%016x is not a shipped version "
                    + "of %s (newest is 0x%016x)", written, schema.getFullName(), fingerprint), null);
        }
        if (!isVersionOfThisRecord(writer)) {
            throw origin.failure(Kind.UNKNOWN_FINGERPRINT, String.format("fingerprint 0x%016x is a version of %s, not of %s",
                    written, writer.getFullName(), schema.getFullName()), null);
        }
        return writer;
    }

    private boolean isVersionOfThisRecord(Schema writer) {
        return writer.getFullName().equals(schema.getFullName()) || schema.getAliases().contains(writer.getFullName());
    }

    /**
     * Walks the body with the writer's schema before anything is allocated: a length or item count
     * that corrupt bytes inflate runs into the end of the bytes here instead of into a
     * multi-gigabyte allocation in the reader. It also rejects bytes left over after the record.
     */
    private Map<String, BodyWalk.FieldSpan> checkPayload(Origin origin, Schema writer, byte[] bytes) {
        Map<String, BodyWalk.FieldSpan> spans = new HashMap<>();
        try {
            BodyWalk.walk(writer, bytes, HEADER_LENGTH, spans);
            return spans;
        } catch (BodyWalk.BodyWalkException e) {
            if (e.truncated()) {
                throw origin.failure(Kind.TRUNCATED, "the " + (bytes.length - HEADER_LENGTH) + "-byte body ends before the "
                        + writer.getName() + " record does: " + e.getMessage(), e);
            }
            throw origin.failure(Kind.CORRUPT, "the body is not a " + writer.getName() + " record: " + e.getMessage(), e);
        } catch (ArithmeticException | IndexOutOfBoundsException e) {
            throw origin.failure(Kind.CORRUPT, "the body is not a " + writer.getName() + " record: " + e, e);
        }
    }

    private T read(Origin origin, byte[] bytes) {
        try {
            return decoder.decode(new ByteArrayInputStream(bytes), null);
        } catch (BadHeaderException e) {
            throw origin.failure(Kind.CORRUPT, e.getMessage(), e);
        } catch (MissingSchemaException e) {
            throw origin.failure(Kind.UNKNOWN_FINGERPRINT, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw origin.failure(endsEarly(e) ? Kind.TRUNCATED : Kind.CORRUPT, String.valueOf(e), e);
        }
    }

    private static boolean endsEarly(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    /** Where the bytes being decoded came from. */
    private record Origin(String topic, int partition, long offset) {
        RecordDecodingException failure(Kind kind, String detail, Throwable cause) {
            return new RecordDecodingException(kind, topic, partition, offset, detail, cause);
        }
    }
}
