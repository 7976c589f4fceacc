package dev.grpo.cli.export;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where in each partition an export starts: {@code earliest} (the oldest record still retained),
 * {@code offset:N} (the same offset in every partition, raised to the oldest retained one) or
 * {@code timestamp:T} (the first record at or after T, an ISO-8601 instant or epoch milliseconds).
 *
 * @param offset the offset of {@code offset:N}, or -1
 * @param timestamp the instant of {@code timestamp:T}, or null
 */
public record ExportStart(long offset, Instant timestamp) {

    /** The oldest retained record of every partition. */
    public static final ExportStart EARLIEST = new ExportStart(-1, null);

    /** @return whether this is {@code timestamp:T} */
    public boolean byTimestamp() {
        return timestamp != null;
    }

    /** @return whether this is {@code offset:N} */
    public boolean byOffset() {
        return offset >= 0;
    }

    /**
     * @param value {@code earliest}, {@code offset:N} or {@code timestamp:T}
     * @return the start
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static ExportStart parse(String value) {
        String text = value.strip();
        if (text.equals("earliest")) {
            return EARLIEST;
        }
        try {
            if (text.startsWith("offset:")) {
                long offset = Long.parseLong(text.substring("offset:".length()));
                if (offset < 0) {
                    throw new IllegalArgumentException("an offset is >= 0, got " + offset);
                }
                return new ExportStart(offset, null);
            }
            if (text.startsWith("timestamp:")) {
                return new ExportStart(-1, instant(text.substring("timestamp:".length())));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read '" + value + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown start '" + value
                + "': use earliest, offset:N or timestamp:T (ISO-8601, e.g. 2026-11-22T10:00:00Z, or epoch ms)");
    }

    private static Instant instant(String text) {
        return text.chars().allMatch(Character::isDigit) && !text.isEmpty()
                ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
    }

    @Override
    public String toString() {
        return byTimestamp() ? "timestamp:" + timestamp : byOffset() ? "offset:" + offset : "earliest";
    }

    /** Parses {@code --from}. */
    static final class Converter implements ITypeConverter<ExportStart> {

        @Override
        public ExportStart convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
