package dev.grpo.schemas;

import dev.grpo.records.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes a {@link DeadLetter} in single-object encoding within a byte budget: unchanged when it fits, otherwise
 * with as long a prefix of the original value as fits, {@code original_value_size} set to the value's full length
 * and the reason saying what was cut. Every stage that publishes to {@code grpo.dlq} encodes through it, so a record
 * that fit its own topic can never make its dead letter too large to send.
 *
 * <p>Usage: {@code byte[] value = encoding.encode(letter)} for the letter you would have written whole, published
 * under {@code encoding.recordKey(originalKey)} without headers. Immutable and thread-safe.
 */
public final class DeadLetterEncoding {

    private static final int KIB = 1024;

    /**
     * The default budget of an encoded dead letter: 896 KiB. With a key bounded by {@link #recordKey} (at most
     * {@link #MAX_KEY_BYTES}) and Kafka's record and batch overhead (about a hundred bytes without headers), the
     * dead-letter record stays under 1 MiB, Kafka's default producer {@code max.request.size}: a producer with default
     * settings can send it, and it is far below {@code grpo.dlq}'s 16 MiB {@code max.message.bytes}. The prefix it
     * keeps is for reading the reason in context; the whole record stays at its source coordinates while retention
     * keeps it.
     */
    public static final int DEFAULT_MAX_BYTES = 896 * KIB;

    /**
     * The most bytes of an original key a dead letter carries, in {@code original_key} and as its record key (keys
     * are ids of a few dozen bytes; a longer one is garbage that must not crowd out the value).
     */
    public static final int MAX_KEY_BYTES = 64 * KIB;

    /** The smallest budget accepted: room for the coordinates, the names, a reason and some bytes of the record. */
    public static final int MIN_MAX_BYTES = 4 * KIB;

    private final int maxBytes;
    private final int keyLimit;
    private final int reasonLimit;
    private final RecordSerde<DeadLetter> serde = RecordSerdes.deadLetter();

    /** Dead letters within {@link #DEFAULT_MAX_BYTES}. */
    public DeadLetterEncoding() {
        this(DEFAULT_MAX_BYTES);
    }

    /**
     * Dead letters of at most {@code maxBytes} encoded bytes. Choose it below the producer's {@code max.request.size}
     * and the topic's {@code max.message.bytes}, less {@link #MAX_KEY_BYTES} and a little for the record's overhead.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is below {@link #MIN_MAX_BYTES}
     */
    public DeadLetterEncoding(int maxBytes) {
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("a dead letter needs a budget of at least " + MIN_MAX_BYTES
                    + " bytes, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        // A quarter each: whatever key and reason arrive, at least half the budget is left for the value.
        this.keyLimit = Math.min(MAX_KEY_BYTES, maxBytes / 4);
        this.reasonLimit = maxBytes / 4;
    }

    /** The most bytes {@link #encode} returns. */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * The key to publish a dead letter under: the original key, or its first bytes when it is longer than the
     * {@code original_key} this encoding writes ({@code grpo.dlq} has one partition, so no placement depends on it).
     */
    public byte[] recordKey(byte[] originalKey) {
        return originalKey == null || originalKey.length <= keyLimit ? originalKey : Arrays.copyOf(originalKey, keyLimit);
    }

    /**
     * The single-object encoding of {@code letter} in at most {@link #maxBytes} bytes: exactly
     * {@code RecordSerdes.deadLetter().encode(letter)} when that fits; otherwise a key longer than its limit cut to
     * it, a reason longer than a quarter of the budget cut, and the value cut to the longest prefix that fits, with
     * {@code original_value_size} set to the full length and each cut named at the end of the reason, e.g.
     * {@code " (original value truncated to 917000 of 8388500 bytes)"}.
     *
     * @throws IllegalArgumentException if the letter's topic, stage and error type alone leave no room in the budget
     */
    public byte[] encode(DeadLetter letter) {
        byte[] key = bytes(letter.getOriginalKey());
        byte[] value = bytes(letter.getOriginalValue());
        boolean mayFitWhole = (key == null || key.length <= maxBytes) && (value == null || value.length <= maxBytes);
        if (mayFitWhole) {
            byte[] whole = serde.encode(letter);
            if (whole.length <= maxBytes) {
                return whole;
            }
        }
        return bounded(letter, key, value);
    }

    private byte[] bounded(DeadLetter letter, byte[] key, byte[] value) {
        byte[] keyPrefix = recordKey(key);
        String reason = boundedReason(letter.getReason())
                + (keyPrefix == key ? "" : truncation("key", keyPrefix.length, key.length));
        if (value == null || value.length <= maxBytes) {
            // Perhaps only the key or the reason was too long: try the value whole first.
            byte[] bytes = serde.encode(with(letter, reason, keyPrefix, value, letter.getOriginalValueSize()));
            if (bytes.length <= maxBytes) {
                return bytes;
            }
            if (value == null) {
                throw tooSmall(letter);
            }
        }
        // A value already cut by an earlier stage keeps naming its original length.
        long fullLength = letter.getOriginalValueSize() == null ? value.length
                : Math.max(letter.getOriginalValueSize(), value.length);
        // Measured with the widest note the prefix can need (its length has at most the full length's digits).
        int overhead = serde.encode(with(letter, reason + truncation("value", fullLength, fullLength), keyPrefix,
                new byte[0], fullLength)).length;
        if (overhead > maxBytes) {
            throw tooSmall(letter);
        }
        int room = maxBytes - overhead;
        int prefix = room;
        // An empty value's length is one byte of varint; a longer prefix needs more.
        while (prefix > 0 && prefix + varintLength(prefix) - 1 > room) {
            prefix--;
        }
        prefix = Math.min(prefix, value.length);
        while (true) {
            byte[] bytes = serde.encode(with(letter, reason + truncation("value", prefix, fullLength), keyPrefix,
                    Arrays.copyOf(value, prefix), fullLength));
            if (bytes.length <= maxBytes) {
                return bytes;
            }
            // Not reached by the arithmetic above; kept so the budget holds even if it were off.
            prefix = Math.max(0, prefix - (bytes.length - maxBytes));
        }
    }

    private String boundedReason(String reason) {
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= reasonLimit) {
            return reason;
        }
        int end = reasonLimit;
        // Back up to the first byte of a UTF-8 sequence so no character is split.
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8) + truncation("reason", end, utf8.length);
    }

    private static String truncation(String what, long kept, long full) {
        return " (original " + what + " truncated to " + kept + " of " + full + " bytes)";
    }

    private static DeadLetter with(DeadLetter letter, String reason, byte[] key, byte[] value, Long valueSize) {
        return DeadLetter.newBuilder(letter)
                .setReason(reason)
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setOriginalValueSize(valueSize)
                .build();
    }

    private IllegalArgumentException tooSmall(DeadLetter letter) {
        return new IllegalArgumentException("a dead letter from " + letter.getSourceTopic() + " by stage "
                + letter.getStage() + " (error type " + letter.getErrorType() + ") cannot fit " + maxBytes
                + " bytes even without its value");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();  // the usual ByteBuffer.wrap(bytes): no copy of a many-megabyte value
        }
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    /** Bytes of Avro's zig-zag varint for a non-negative length. */
    private static int varintLength(int length) {
        long zigZag = (long) length << 1;
        int bytes = 1;
        while ((zigZag >>>= 7) != 0) {
            bytes++;
        }
        return bytes;
    }
}
