package dev.grpo.producers;

import dev.grpo.records.Prompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A prompt file and how its rows become prompts: JSON lines ({@code .jsonl}, {@code .json}, gzip-compressed with
 * {@code .gz}) or Parquet ({@code .parquet}) as Hugging Face datasets export them, mapped by {@link PromptFields}.
 * The one reader behind {@code grpo generate}, {@code grpo eval} and {@code grpo prompts load}.
 *
 * @param path the file
 * @param fields how its rows become prompts
 */
public record PromptFile(Path path, PromptFields fields) {

    /**
     * Checks what can be checked before reading, so that a wrong path fails at once and in one line.
     *
     * @throws IllegalArgumentException when the extension is not a prompt file's or the file does not exist
     */
    public PromptFile {
        Objects.requireNonNull(path, "prompt file");
        Objects.requireNonNull(fields, "prompt fields");
        PromptFileFormat.of(path);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("prompt file " + path + " does not exist");
        }
    }

    /** @return the file's format, by its extension */
    public PromptFileFormat format() {
        return PromptFileFormat.of(path);
    }

    /**
     * @return a reader of the file's prompts, from the first row
     * @throws IllegalArgumentException when a Parquet file lacks a mapped column
     * @throws UncheckedIOException when the file cannot be opened
     */
    public PromptReader open() {
        try {
            return new PromptReader(path, format().open(path, fields), fields);
        } catch (IOException e) {
            throw PromptReader.unreadable(path, e);
        }
    }

    /**
     * Reads the file's first prompts, all or nothing: for an evaluation, which on silently fewer prompts would
     * mislead.
     *
     * @param limit the most prompts to read
     * @return the prompts, in file order
     * @throws MalformedPromptException at the first row that is not a prompt, naming it
     * @throws IllegalArgumentException when the file holds no prompt
     */
    public List<Prompt> read(int limit) {
        List<Prompt> prompts = new ArrayList<>();
        try (PromptReader reader = open()) {
            Prompt prompt;
            while (prompts.size() < limit && (prompt = reader.next()) != null) {
                prompts.add(prompt);
            }
        }
        if (prompts.isEmpty() && limit > 0) {
            throw new IllegalArgumentException("prompt file " + path + " holds no prompts");
        }
        return prompts;
    }
}
