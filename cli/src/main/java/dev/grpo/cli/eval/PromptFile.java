package dev.grpo.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluation prompts from a JSONL file in the generators' prompt format: one {@code {"id", "prompt", "ground_truth"}}
 * object per line ({@code id} defaults to the line number). A malformed line fails the whole load, naming the line:
 * an evaluation on silently fewer prompts would be misleading.
 */
public final class PromptFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptFile() {
    }

    /** The prompts of {@code file}, at most {@code limit} of them. */
    public static List<EvalPrompt> read(Path file, int limit) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt file " + file + ": " + e.getMessage(), e);
        }
        List<EvalPrompt> prompts = new ArrayList<>();
        for (int n = 0; n < lines.size() && prompts.size() < limit; n++) {
            if (!lines.get(n).isBlank()) {
                prompts.add(parse(file, n + 1, lines.get(n)));
            }
        }
        return prompts;
    }

    private static EvalPrompt parse(Path file, int lineNumber, String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (!node.hasNonNull("prompt") || !node.hasNonNull("ground_truth")) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": needs \"prompt\" and \"ground_truth\"");
            }
            return new EvalPrompt(node.path("id").asText(Integer.toString(lineNumber)), node.get("prompt").asText(),
                    node.get("ground_truth").asText());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": not JSON (" + e.getMessage() + ")", e);
        }
    }
}
