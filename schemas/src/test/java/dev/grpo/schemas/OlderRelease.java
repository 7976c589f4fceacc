package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * A release that knows a record only up to an older shipped version: it reads whatever any shipped version wrote
 * into that version's shape, and writes that version, as a consumer or producer not yet upgraded does.
 */
final class OlderRelease {

    private final Schema schema;
    private final BinaryMessageDecoder<GenericRecord> decoder;

    private OlderRelease(Schema schema, ShippedSchemas shipped) {
        this.schema = schema;
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), schema, shipped);
    }

    /** The release whose newest {@code record} schema is the shipped version {@code version} (from 1). */
    static OlderRelease knowing(ShippedSchemas shipped, String record, int version) {
        return new OlderRelease(shipped.versions(record).get(version - 1), shipped);
    }

    /** The record in {@code bytes} as this release reads it. */
    GenericRecord read(byte[] bytes) throws IOException {
        return decoder.decode(bytes);
    }

    /** The bytes this release writes for the record in {@code bytes}: read into its shape, written with its schema. */
    byte[] rewrite(byte[] bytes) throws IOException {
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(read(bytes));
        assertThat(written.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(2))
                .as("the header names the older version").isEqualTo(ShippedSchemas.fingerprint(schema));
        byte[] out = new byte[written.remaining()];
        written.get(out);
        return out;
    }
}
