package dev.grpo.schemas.serde;

import dev.grpo.schemas.serde.RecordDecodingException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
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
    private final ShippedSchemas schemas;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    RecordSerde(Class<T> type, ShippedSchemas schemas) {
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.fingerprint = ShippedSchemas.fingerprint(schema);
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
     * Walks the body with the writer's schema, skipping every value, before anything is allocated:
     * a length or item count that corrupt bytes inflate runs into the end of the bytes here instead
     * of into a multi-gigabyte allocation in the reader. It also rejects bytes left over after the record.
     */
    private void checkPayload(Origin origin, Schema writer, byte[] bytes) {
        BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        try {
            GenericDatumReader.skip(writer, body);
            if (!body.isEnd()) {
                throw origin.failure(Kind.CORRUPT, body.inputStream().available() + " trailing bytes after the end of the "
                        + writer.getName() + " record", null);
            }
        } catch (EOFException e) {
            throw origin.failure(Kind.TRUNCATED, "the " + (bytes.length - HEADER_LENGTH) + "-byte body ends before the "
                    + writer.getName() + " record does", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RecordDecodingException failure) {
                throw failure;
            }
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
