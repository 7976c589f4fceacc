package dev.grpo.schemas;

import dev.grpo.schemas.BodyWalk.FieldSpan;
import dev.grpo.schemas.BodyWalk.Varints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * A checked single-object-encoded record that is read field by field, straight from its bytes,
 * instead of being decoded whole: a stage that needs a few scalars of a large record, or copies
 * its arrays into another record unchanged, pays for neither boxing nor re-encoding. Fields are
 * named by dotted path ({@code sampling.temperature}) and read as the writer wrote them; obtain
 * one from {@link RecordSerde#layout}.
 */
public final class RecordLayout {

    private final byte[] bytes;
    private final Schema writerSchema;
    private final Map<String, FieldSpan> spans;

    RecordLayout(byte[] bytes, Schema writerSchema, Map<String, FieldSpan> spans) {
        this.bytes = bytes;
        this.writerSchema = writerSchema;
        this.spans = spans;
    }

    /** The record's bytes, header included. */
    public byte[] bytes() {
        return bytes;
    }

    /** The schema version the record was written with. */
    public Schema writerSchema() {
        return writerSchema;
    }

    /** Whether the writer's schema has a field at {@code path}. */
    public boolean has(String path) {
        return spans.containsKey(path);
    }

    /** An {@code int} field. */
    public int intField(String path) {
        return (int) Varints.readLong(bytes, span(path, Schema.Type.INT).offset());
    }

    /** A {@code long} field (an {@code int} written by an older schema is promoted). */
    public long longField(String path) {
        FieldSpan span = spans.get(path);
        if (span != null && span.schema().getType() == Schema.Type.INT) {
            return Varints.readLong(bytes, span.offset());
        }
        return Varints.readLong(bytes, span(path, Schema.Type.LONG).offset());
    }

    /** A {@code float} field. */
    public float floatField(String path) {
        int at = span(path, Schema.Type.FLOAT).offset();
        return Float.intBitsToFloat((bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24);
    }

    /** A {@code string} field. */
    public String stringField(String path) {
        return Varints.string(bytes, span(path, Schema.Type.STRING).offset());
    }

    /**
     * An optional {@code ["null", "string"]} field: empty when it is null, or when the writer's schema is older than
     * the field (so readers of evolved contracts need no schema resolution for it).
     */
    public Optional<String> optionalStringField(String path) {
        FieldSpan span = spans.get(path);
        if (span == null) {
            return Optional.empty();
        }
        if (span.schema().getType() != Schema.Type.UNION) {
            return Optional.of(stringField(path));
        }
        int at = span.offset();
        Schema branch = span.schema().getTypes().get((int) Varints.readLong(bytes, at));
        if (branch.getType() == Schema.Type.NULL) {
            return Optional.empty();
        }
        if (branch.getType() != Schema.Type.STRING) {
            throw new IllegalArgumentException(writerSchema.getName() + "." + path + " holds a " + branch.getType()
                    + ", not a string");
        }
        return Optional.of(Varints.string(bytes, at + Varints.size(bytes, at)));
    }

    /** The symbol of an {@code enum} field, as the writer named it. */
    public String enumField(String path) {
        FieldSpan span = span(path, Schema.Type.ENUM);
        return span.schema().getEnumSymbols().get((int) Varints.readLong(bytes, span.offset()));
    }

    /** The number of items of an {@code array} field, counted when the record was checked. */
    public int arrayLength(String path) {
        return Math.toIntExact(span(path, Schema.Type.ARRAY).items());
    }

    /**
     * Writes the field's encoding to {@code out} byte for byte: valid wherever the same field type
     * is written next, so arrays move from one record to another without being decoded.
     */
    public void copyField(String path, Encoder out) {
        FieldSpan span = spans.get(path);
        if (span == null) {
            throw new IllegalArgumentException(writerSchema.getName() + " has no field '" + path + "'");
        }
        try {
            out.writeFixed(bytes, span.offset(), span.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The writer schema of the field at {@code path}. */
    public Schema fieldSchema(String path) {
        FieldSpan span = spans.get(path);
        if (span == null) {
            throw new IllegalArgumentException(writerSchema.getName() + " has no field '" + path + "'");
        }
        return span.schema();
    }

    private FieldSpan span(String path, Schema.Type type) {
        FieldSpan span = spans.get(path);
        if (span == null) {
            throw new IllegalArgumentException(writerSchema.getName() + " has no field '" + path + "'");
        }
        if (span.schema().getType() != type) {
            throw new IllegalArgumentException(writerSchema.getName() + "." + path + " is " + span.schema().getType()
                    + ", not " + type);
        }
        return span;
    }
}
