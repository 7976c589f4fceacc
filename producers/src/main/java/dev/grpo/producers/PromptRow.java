package dev.grpo.producers;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * One row of a prompt file before it is mapped to a prompt: its fields by name, as text ({@link String}), numbers
 * ({@link Number}), {@code null} when absent, or anything else the file holds (which no prompt field accepts).
 *
 * @param file the file it is in
 * @param unit what the file counts in: {@code line} (JSON lines) or {@code row} (Parquet)
 * @param number its 1-based line or row number
 * @param values a field's value by its name
 */
record PromptRow(Path file, String unit, long number, Function<String, Object> values) {

    /** @return where the row is, for messages: {@code FILE line N} */
    String where() {
        return where(file, unit, number);
    }

    /** @return the id of a row that has none: {@code <file name>:<number>}, stable as long as the file is */
    String fallbackId() {
        return file.getFileName() + ":" + number;
    }

    /** @return the value of {@code field}, or {@code null} */
    Object value(String field) {
        return values.apply(field);
    }

    /** @return where row {@code number} of {@code file} is, for messages */
    static String where(Path file, String unit, long number) {
        return file + " " + unit + " " + number;
    }
}
