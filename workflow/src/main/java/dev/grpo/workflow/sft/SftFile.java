package dev.grpo.workflow.sft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.policy.TrainingText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SFT examples as text in a JSONL file: one {@code {"prompt": "...", "completion": "..."}} object per line, the
 * prompt exactly as the policy should see it (templated already). Blank lines are ignored; a malformed line is
 * reported with its line number and skipped, so one bad line does not cost a long file.
 *
 * @param file the file
 */
public record SftFile(Path file) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param warnings told about every line skipped, naming it
     * @return the examples in file order
     * @throws UncheckedIOException when the file cannot be read
     */
    public List<TrainingText> read(Consumer<String> warnings) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<TrainingText> texts = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            try {
                texts.add(parse(line));
            } catch (IllegalArgumentException | JsonProcessingException e) {
                warnings.accept(file + " line " + (n + 1) + ": " + e.getMessage().lines().findFirst().orElse("")
                        + "; skipped");
            }
        }
        return texts;
    }

    private static TrainingText parse(String line) throws JsonProcessingException {
        JsonNode node = JSON.readTree(line);
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode prompt = node.get("prompt");
        JsonNode completion = node.get("completion");
        if (prompt == null || !prompt.isTextual() || completion == null || !completion.isTextual()) {
            throw new IllegalArgumentException("needs string fields \"prompt\" and \"completion\"");
        }
        if (prompt.asText().isEmpty() || completion.asText().isEmpty()) {
            throw new IllegalArgumentException("\"prompt\" and \"completion\" must not be empty");
        }
        return new TrainingText(prompt.asText(), completion.asText());
    }
}
