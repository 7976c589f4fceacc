package dev.grpo.schemas;

import java.io.IOException;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes a record field by field as Avro does, except that the named fields are taken byte for
 * byte from another record's encoding. The generated classes' custom coders write whole records
 * at once, so they are switched off here to let the writer see each field.
 */
final class FieldCopyingWriter<T extends SpecificRecord> extends SpecificDatumWriter<T> {

    /** Shared: building a {@link SpecificData} costs more than the small records it writes here. */
    private static final SpecificData FIELD_BY_FIELD = withoutCustomCoders();

    private final RecordLayout source;
    private final Set<String> copied;

    FieldCopyingWriter(Schema schema, RecordLayout source, Set<String> copied) {
        super(schema, FIELD_BY_FIELD);
        this.source = source;
        this.copied = copied;
        for (String field : copied) {
            Schema.Field target = schema.getField(field);
            // The whole type, not just its kind: an int array's bytes are no float array, nor a union's in another order.
            if (target == null || !target.schema().equals(source.fieldSchema(field))) {
                throw new IllegalArgumentException("cannot copy field '" + field + "' of " + source.writerSchema().getName()
                        + " into " + schema.getName() + ": the types differ or the field is missing");
            }
        }
    }

    private static SpecificData withoutCustomCoders() {
        SpecificData data = new SpecificData();
        data.setCustomCoders(false);
        return data;
    }

    @Override
    protected void writeField(Object datum, Schema.Field field, Encoder out, Object state) throws IOException {
        if (copied.contains(field.name())) {
            source.copyField(field.name(), out);
        } else {
            super.writeField(datum, field, out, state);
        }
    }
}
