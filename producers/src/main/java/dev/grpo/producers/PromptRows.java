package dev.grpo.producers;

import java.io.Closeable;
import java.io.IOException;

/** The rows of one prompt file, read in order, one at a time. */
interface PromptRows extends Closeable {

    /**
     * @return the next row, or {@code null} at the end of the file
     * @throws MalformedPromptException when the next row cannot be read as a row at all (a line that is not a JSON
     *                                  object); the rows after it can still be read
     * @throws IOException when the file cannot be read
     */
    PromptRow next() throws IOException;
}
