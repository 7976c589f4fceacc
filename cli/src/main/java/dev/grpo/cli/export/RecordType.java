package dev.grpo.cli.export;

import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import dev.grpo.schemas.ShippedSchemas;
import dev.grpo.schemas.TopicCatalogue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro record type of a topic's values, with the serde that decodes them: named by the topic catalogue, by
 * {@code --record}, or read off a value's single-object header (its schema fingerprint names a shipped version of
 * exactly one record), which is how a replay's {@code grpo.advantages.<run>} or a history learner's
 * {@code <topic>.dlq} is recognised.
 *
 * @param name the record's simple name, e.g. {@code Rollout}
 * @param serde decodes the values into the generated class
 */
public record RecordType(String name, RecordSerde<? extends SpecificRecord> serde) {

    private static final int HEADER_LENGTH = 10;
    private static final String RECORDS_PACKAGE = "dev.grpo.records.";

    /**
     * @param name a shipped record's simple name
     * @return its type
     * @throws IllegalArgumentException naming the known records when there is no such record
     */
    public static RecordType named(String name) {
        ShippedSchemas shipped = ShippedSchemas.fromClasspath();
        if (!shipped.records().contains(name)) {
            throw new IllegalArgumentException("unknown record '" + name + "': use one of " + shipped.records());
        }
        Class<?> type = SpecificData.get().getClass(shipped.latest(name));
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("no generated class " + RECORDS_PACKAGE + name + " on the class path");
        }
        return new RecordType(name, RecordSerdes.forType(type.asSubclass(SpecificRecord.class)));
    }

    /**
     * @param topic a topic name
     * @return the type the catalogue gives the topic, if it is a catalogue topic
     */
    public static Optional<RecordType> ofCatalogueTopic(String topic) {
        return TopicCatalogue.byName(topic).map(spec -> named(spec.record()));
    }

    /**
     * @param value a record value as read
     * @return the type whose shipped schema the value's header names, if it has a header and the fingerprint is known
     */
    public static Optional<RecordType> ofValue(byte[] value) {
        if (value == null || value.length < HEADER_LENGTH || value[0] != (byte) 0xC3 || value[1] != 0x01) {
            return Optional.empty();
        }
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = ShippedSchemas.fromClasspath().findByFingerprint(fingerprint);
        return writer == null ? Optional.empty() : Optional.of(named(writer.getName()));
    }

    /** @return the current schema of the record */
    public Schema schema() {
        return serde.schema();
    }
}
