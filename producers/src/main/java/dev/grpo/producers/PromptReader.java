package dev.grpo.producers;

import dev.grpo.records.Prompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads a prompt file one prompt at a time, so that a file of any size costs one row of memory. A row that is not a
 * prompt throws a {@link MalformedPromptException}; the reader has moved past it, so a caller that skips bad rows
 * just asks for the next one.
 */
public final class PromptReader implements AutoCloseable {

    private final Path file;
    private final PromptRows rows;
    private final PromptFields fields;

    PromptReader(Path file, PromptRows rows, PromptFields fields) {
        this.file = file;
        this.rows = rows;
        this.fields = fields;
    }

    /**
     * @return the next prompt, or {@code null} at the end of the file
     * @throws MalformedPromptException when the next row is not a prompt, naming the row and why
     * @throws UncheckedIOException when the file cannot be read
     */
    public Prompt next() {
        PromptRow row;
        try {
            row = rows.next();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return row == null ? null : fields.prompt(row);
    }

    /** Closes the file. */
    @Override
    public void close() {
        try {
            rows.close();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static UncheckedIOException unreadable(Path file, IOException e) {
        return new UncheckedIOException("cannot read prompt file " + file + ": " + e.getMessage(), e);
    }
}
