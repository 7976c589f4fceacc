package dev.grpo.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * The plain JSON form of an Avro value, for people and dataframes rather than for Avro's JSON decoder: records become
 * objects keyed by field name, unions are written as the value of the branch taken (no {@code {"string": …}}
 * wrapper), enums as their symbol, bytes as base64 strings and {@code timestamp-millis} as ISO-8601 instants.
 */
final class JsonForm {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonForm() {
    }

    /**
     * @param schema the value's schema
     * @param value a value of that schema, as a generated class or a generic record holds it
     * @return its JSON form
     */
    static JsonNode of(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> record(schema, (IndexedRecord) value);
            case ARRAY -> array(schema.getElementType(), (Collection<?>) value);
            case MAP -> map(schema.getValueType(), (Map<?, ?>) value);
            case UNION -> of(schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
            case ENUM, STRING -> NODES.textNode(value.toString());
            case BYTES -> NODES.textNode(base64((ByteBuffer) value));
            case FIXED -> NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            case INT -> NODES.numberNode(((Number) value).intValue());
            case LONG -> longValue(schema, value);
            case FLOAT -> NODES.numberNode(((Number) value).floatValue());
            case DOUBLE -> NODES.numberNode(((Number) value).doubleValue());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case NULL -> NODES.nullNode();
        };
    }

    private static ObjectNode record(Schema schema, IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Field field : schema.getFields()) {
            node.set(field.name(), of(field.schema(), record.get(field.pos())));
        }
        return node;
    }

    private static ArrayNode array(Schema items, Collection<?> values) {
        ArrayNode node = NODES.arrayNode(values.size());
        values.forEach(v -> node.add(of(items, v)));
        return node;
    }

    private static ObjectNode map(Schema values, Map<?, ?> entries) {
        ObjectNode node = NODES.objectNode();
        entries.forEach((key, value) -> node.set(key.toString(), of(values, value)));
        return node;
    }

    private static JsonNode longValue(Schema schema, Object value) {
        if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return NODES.textNode(Instant.ofEpochMilli(((Number) value).longValue()).toString());
        }
        return NODES.numberNode(((Number) value).longValue());
    }

    private static String base64(ByteBuffer bytes) {
        ByteBuffer view = bytes.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return Base64.getEncoder().encodeToString(copy);
    }
}
