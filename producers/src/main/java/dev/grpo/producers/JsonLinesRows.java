package dev.grpo.producers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The rows of a JSON lines file (what Hugging Face datasets' {@code to_json} writes): one JSON object per line,
 * numbered by line; blank lines are no rows. Strings come out as text, numbers as numbers.
 */
final class JsonLinesRows implements PromptRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedReader reader;
    private long lineNumber;

    /**
     * @param file the file, for messages and fallback ids
     * @param reader its text, decompressed where it was compressed
     */
    JsonLinesRows(Path file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    @Override
    public PromptRow next() throws IOException {
        String line;
        do {
            line = reader.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());
        JsonNode node = parse(line);
        return new PromptRow(file, "line", lineNumber, field -> value(node.get(field)));
    }

    private JsonNode parse(String line) {
        String where = PromptRow.where(file, "line", lineNumber);
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedPromptException(where, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedPromptException(where, "not a JSON object (a prompt file holds one object per line)");
        }
        return node;
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        return node.isNumber() ? node.numberValue() : node;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
