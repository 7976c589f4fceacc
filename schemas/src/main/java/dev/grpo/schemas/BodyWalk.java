package dev.grpo.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * One pass over an Avro binary body with its writer schema that decodes nothing: it checks every
 * length and count against the bytes that are actually there (so corrupt bytes can never cause a
 * huge allocation) and records where each field of a record, and of records nested in it, starts
 * and ends. Fields are recorded under their dotted path ({@code sampling.temperature}); values
 * inside arrays, maps and unions are walked but not recorded.
 */
final class BodyWalk {

    private final byte[] bytes;
    private final int end;
    private final Map<String, FieldSpan> spans;
    private int position;

    private BodyWalk(byte[] bytes, int start, Map<String, FieldSpan> spans) {
        this.bytes = bytes;
        this.position = start;
        this.end = bytes.length;
        this.spans = spans;
    }

    /**
     * Walks the record of {@code schema} that starts at {@code start} and fills {@code spans}.
     *
     * @throws BodyWalkException if the bytes end early, hold a negative or impossible length, or
     *     have bytes left over after the record
     */
    static void walk(Schema schema, byte[] bytes, int start, Map<String, FieldSpan> spans) {
        BodyWalk walk = new BodyWalk(bytes, start, spans);
        walk.record(schema, "");
        if (walk.position != walk.end) {
            throw new BodyWalkException(false, (walk.end - walk.position) + " trailing bytes after the end of the "
                    + schema.getName() + " record");
        }
    }

    /** A record's fields; recorded under {@code prefix} unless it is null (a record inside an array, map or union). */
    private void record(Schema schema, String prefix) {
        for (Schema.Field field : schema.getFields()) {
            int start = position;
            String path = prefix == null ? null : prefix.isEmpty() ? field.name() : prefix + field.name();
            long items = 0;
            if (field.schema().getType() == Schema.Type.RECORD) {
                record(field.schema(), path == null ? null : path + ".");
            } else {
                items = value(field.schema());
            }
            if (path != null) {
                spans.put(path, new FieldSpan(field.schema(), start, position - start, items));
            }
        }
    }

    /** Walks one value; returns its item count when it is an array or a map, else 0. */
    private long value(Schema schema) {
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> advance(1);
            case INT, LONG, ENUM -> varint();
            case FLOAT -> advance(4);
            case DOUBLE -> advance(8);
            case FIXED -> advance(schema.getFixedSize());
            case STRING, BYTES -> advance(length());
            case RECORD -> record(schema, null);
            case ARRAY -> {
                return blocks(schema.getElementType(), false);
            }
            case MAP -> {
                return blocks(schema.getValueType(), true);
            }
            case UNION -> union(schema);
        }
        return 0;
    }

    private void union(Schema schema) {
        long branch = readLong();
        if (branch < 0 || branch >= schema.getTypes().size()) {
            throw new BodyWalkException(false, "union branch " + branch + " of " + schema.getTypes().size());
        }
        value(schema.getTypes().get((int) branch));
    }

    /**
     * Array or map blocks: a count, that many items, ... then a zero count; a negative count is followed by a byte size.
     * Returns the number of items.
     */
    private long blocks(Schema item, boolean keyed) {
        long total = 0;
        for (long count = readLong(); count != 0; count = readLong()) {
            if (count < 0) {
                advance(size(readLong(), "block"));
                total += Math.negateExact(count);
                continue;
            }
            // Every item type in our contracts takes at least one byte, so more items than bytes is corruption.
            items(item, keyed, size(count, "block item count"));
            total += count;
        }
        return total;
    }

    private void items(Schema item, boolean keyed, int count) {
        if (!keyed && (item.getType() == Schema.Type.INT || item.getType() == Schema.Type.LONG)) {
            for (int i = 0; i < count; i++) {
                varint();
            }
        } else if (!keyed && item.getType() == Schema.Type.FLOAT) {
            advance(Math.multiplyExact(count, 4));
        } else if (!keyed && item.getType() == Schema.Type.DOUBLE) {
            advance(Math.multiplyExact(count, 8));
        } else {
            for (int i = 0; i < count; i++) {
                if (keyed) {
                    advance(length());
                }
                value(item);
            }
        }
    }

    /** A string or bytes length: non-negative and no longer than what is left. */
    private int length() {
        return size(readLong(), "length");
    }

    /** A length, byte size or item count: non-negative and no more than the bytes left. */
    private int size(long value, String what) {
        if (value < 0) {
            throw new BodyWalkException(false, "negative " + what + " " + value + " at byte " + position);
        }
        if (value > end - position) {
            throw new BodyWalkException(true, what + " " + value + " at byte " + position + " runs past the end of the "
                    + end + "-byte record");
        }
        return (int) value;
    }

    private void advance(int count) {
        position += size(count, "value of");
    }

    /** Steps over one variable-length number: at most 10 bytes, the last without the continuation bit. */
    private void varint() {
        int limit = Math.min(end, position + 10);
        while (position < limit) {
            if ((bytes[position++] & 0x80) == 0) {
                return;
            }
        }
        if (position >= end) {
            throw new BodyWalkException(true, "a number runs past the end of the record");
        }
        throw new BodyWalkException(false, "a number longer than 10 bytes");
    }

    private long readLong() {
        int start = position;
        varint();
        return Varints.readLong(bytes, start);
    }

    /** Where one field's encoding lies in the bytes, its writer schema, and its item count if it is an array or map. */
    record FieldSpan(Schema schema, int offset, int length, long items) {
    }

    /** Bytes that are not a body of the schema; {@code truncated} when they end before the record does. */
    static final class BodyWalkException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final boolean truncated;

        BodyWalkException(boolean truncated, String message) {
            super(message);
            this.truncated = truncated;
        }

        boolean truncated() {
            return truncated;
        }
    }

    /** Decoding of Avro's zig-zag variable-length numbers and strings straight from the bytes. */
    static final class Varints {

        private Varints() {
        }

        static long readLong(byte[] bytes, int at) {
            long raw = 0;
            int shift = 0;
            int position = at;
            byte b;
            do {
                b = bytes[position++];
                raw |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (raw >>> 1) ^ -(raw & 1);
        }

        static int size(byte[] bytes, int at) {
            int position = at;
            while ((bytes[position] & 0x80) != 0) {
                position++;
            }
            return position - at + 1;
        }

        static String string(byte[] bytes, int at) {
            int length = (int) readLong(bytes, at);
            return new String(bytes, at + size(bytes, at), length, StandardCharsets.UTF_8);
        }
    }
}
