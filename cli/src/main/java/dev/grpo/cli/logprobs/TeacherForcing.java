package dev.grpo.cli.logprobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.policy.PolicyModel;
import dev.grpo.policy.CompletionScorer;
import dev.grpo.policy.ScoringRequest;
import dev.grpo.policy.Tokenizer;

import java.util.List;

/**
 * Scores one {@code {"id", "prompt", "completion"}} line by teacher forcing: prompt and completion are tokenised
 * each on its own, raw (no template, no BOS/EOS added), concatenated, and run through one forward pass; the answer
 * holds the ids and {@code log softmax(logits / T)} of every completion token, or the reason the line has none.
 */
final class TeacherForcing {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompletionScorer scorer;
    private final Tokenizer tokenizer;
    private final float temperature;

    TeacherForcing(PolicyModel model, Tokenizer tokenizer, float temperature) {
        this.scorer = new CompletionScorer(model, tokenizer.padId());
        this.tokenizer = tokenizer;
        this.temperature = temperature;
    }

    /**
     * @param lineNumber the 1-based line number, for errors
     * @param line the input line
     * @return {@code {"id", "prompt_ids", "completion_ids", "logprobs"}}, or {@code {"id", "error"}}
     */
    ObjectNode score(long lineNumber, String line) {
        ObjectNode out = JSON.createObjectNode();
        JsonNode input;
        try {
            input = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return out.put("id", "line " + lineNumber).put("error", "not JSON: " + e.getOriginalMessage());
        }
        if (input == null || !input.isObject()) {
            return out.put("id", "line " + lineNumber).put("error", "not a JSON object");
        }
        out.set("id", input.has("id") ? input.get("id") : JSON.getNodeFactory().textNode("line " + lineNumber));
        try {
            ScoringRequest request = new ScoringRequest(encode(input, "prompt"), encode(input, "completion"));
            scorer.validate(List.of(request));
            float[] logProbs = scorer.logProbArrays(List.of(request), temperature)[0];
            ids(out.putArray("prompt_ids"), request.promptIds());
            ids(out.putArray("completion_ids"), request.completionIds());
            var values = out.putArray("logprobs");
            for (float value : logProbs) {
                values.add(value);
            }
            return out;
        } catch (RuntimeException e) {
            return out.put("error", e.getMessage());
        }
    }

    private int[] encode(JsonNode input, String field) {
        JsonNode text = input.get(field);
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing or not a string");
        }
        int[] ids = tokenizer.encode(text.asText());
        if (ids.length == 0) {
            throw new IllegalArgumentException("field \"" + field + "\" encodes to no tokens");
        }
        return ids;
    }

    private static void ids(com.fasterxml.jackson.databind.node.ArrayNode array, int[] ids) {
        for (int id : ids) {
            array.add(id);
        }
    }
}
