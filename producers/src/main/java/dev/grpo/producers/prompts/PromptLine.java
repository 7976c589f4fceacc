package dev.grpo.producers.prompts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.records.Prompt;
import java.time.Instant;

/**
 * One line of a prompt file: {@code {"id", "prompt", "ground_truth", "language", "task"}}. {@code id} and
 * {@code prompt} are required; {@code ground_truth} defaults to empty, {@code language} to {@code en} and
 * {@code task} to {@value #DEFAULT_TASK}.
 */
public final class PromptLine {

    /** The task name of prompts that do not name one. */
    public static final String DEFAULT_TASK = "generic";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptLine() {
    }

    /**
     * @param lineNumber the 1-based line number, for the error message
     * @param line the text of the line
     * @return the prompt
     * @throws MalformedPromptException when the line is not a JSON object with the required string fields
     */
    public static Prompt parse(long lineNumber, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedPromptException(lineNumber, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedPromptException(lineNumber, "not a JSON object");
        }
        return Prompt.newBuilder()
                .setPromptId(required(lineNumber, node, "id"))
                .setText(required(lineNumber, node, "prompt"))
                .setGroundTruth(optional(lineNumber, node, "ground_truth", ""))
                .setLanguage(optional(lineNumber, node, "language", "en"))
                .setTask(optional(lineNumber, node, "task", DEFAULT_TASK))
                .setCreatedAt(Instant.now())
                .build();
    }

    private static String required(long lineNumber, JsonNode node, String field) {
        String value = optional(lineNumber, node, field, null);
        if (value == null || value.isEmpty()) {
            throw new MalformedPromptException(lineNumber, "field \"" + field + "\" is missing or empty");
        }
        return value;
    }

    private static String optional(long lineNumber, JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new MalformedPromptException(lineNumber, "field \"" + field + "\" must be a string, got " + value);
        }
        return value.asText();
    }
}
