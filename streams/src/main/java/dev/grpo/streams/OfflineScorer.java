package dev.grpo.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.streams.internal.rewards.RewardCatalogue;
import dev.grpo.streams.spi.Completion;
import dev.grpo.streams.spi.RewardFunction;
import dev.grpo.streams.spi.RewardFunctionConfig;
import dev.grpo.streams.spi.Score;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scores a JSONL file with the same in-process reward functions the rule-reward stream runs
 * ({@code grpo score --in FILE.jsonl --out FILE.jsonl}), plus any extra functions the caller
 * brings (such as one that runs programs). Each input line is a JSON object with
 * {@code completion}, optional {@code ground_truth} ("" when absent, as for code tasks), optional
 * {@code language} (default {@code en}),
 * optional {@code prompt}, optional {@code task} and optional {@code verification}; every other
 * field passes through unchanged. A function runs on a line only when its component applies to the
 * line's task ({@code tasks.<component>}; a line without a task matches no scoped component). Each
 * output line is the input plus {@code "rewards": {component: score}}, {@code "details":
 * {component: text}} for the scores that explain themselves, and {@code "reward"}, the weighted sum
 * of the configured components that ran. A malformed line is reported with its line number and
 * skipped.
 */
public final class OfflineScorer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RewardConfig config;
    private final List<RewardFunction> functions;

    /** A scorer running the configuration's in-process reward functions. */
    public OfflineScorer(RewardConfig config) {
        this(config, List.of());
    }

    /**
     * A scorer running the configuration's in-process reward functions and those of {@code extra} the
     * configuration weights (configured with their {@code option.<name>.*} settings), such as functions that live
     * outside this module; an extra function the configuration does not weight is not run.
     *
     * @throws IllegalArgumentException when an extra function has the name of a configured rule component
     */
    public OfflineScorer(RewardConfig config, List<RewardFunction> extra) {
        this.config = config;
        List<RewardFunction> all = new ArrayList<>(
                RewardCatalogue.installed().select(config.ruleComponents(), config.rewardOptions()));
        for (RewardFunction function : extra) {
            if (config.ruleComponents().contains(function.name())) {
                throw new IllegalArgumentException("extra reward function '" + function.name()
                        + "' has the name of a rule component");
            }
            if (config.weights().containsKey(function.name())) {
                all.add(function.configured(new RewardFunctionConfig(config.scoreTimeout(),
                        config.options().getOrDefault(function.name(), Map.of()))));
            }
        }
        this.functions = List.copyOf(all);
    }

    /**
     * Scores {@code in} into {@code out}, reporting problems (with line numbers) to {@code problems}.
     *
     * @throws IOException when a file cannot be read or written
     */
    public Summary score(Path in, Path out, Consumer<String> problems) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            return score(reader, writer, problems);
        }
    }

    /** Scores every line of {@code in} into {@code out}. */
    public Summary score(BufferedReader in, Writer out, Consumer<String> problems) throws IOException {
        List<String> unscored = config.externalComponents().stream()
                .filter(name -> functions.stream().noneMatch(function -> function.name().equals(name))).toList();
        if (!unscored.isEmpty()) {
            problems.accept("note: external components " + unscored
                    + " are not scored offline and are left out of \"reward\"");
        }
        int scored = 0;
        int skipped = 0;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.write(scoreLine(line));
                out.write('\n');
                scored++;
            } catch (MalformedLineException | RuntimeException bad) {
                problems.accept("line " + lineNumber + ": " + bad.getMessage() + "; skipped");
                skipped++;
            }
        }
        out.flush();
        return new Summary(scored, skipped);
    }

    /** The output line for one input line. */
    String scoreLine(String line) throws MalformedLineException {
        ObjectNode record = parse(line);
        Completion completion = new Completion(optionalText(record, "prompt"), requiredText(record, "completion"),
                optionalText(record, "ground_truth"), optionalText(record, "language"), optionalText(record, "task"),
                0, 0, "UNKNOWN", verification(record));
        ObjectNode rewards = JSON.createObjectNode();
        ObjectNode details = JSON.createObjectNode();
        double reward = 0;
        for (RewardFunction function : functions) {
            if (!config.appliesTo(function.name(), completion.task())) {
                continue;
            }
            Score score = function.score(completion);
            if (!Double.isFinite(score.value())) {
                throw new MalformedLineException("reward '" + function.name() + "' returned " + score.value());
            }
            rewards.put(function.name(), score.value());
            if (score.detail() != null) {
                details.put(function.name(), score.detail());
            }
            reward += config.weights().getOrDefault(function.name(), 0.0) * score.value();
        }
        record.set("rewards", rewards);
        record.set("details", details);
        record.put("reward", reward);
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("cannot write the scored line: " + e.getOriginalMessage());
        }
    }

    /** The line's verification spec as JSON text: written as an object (as in a prompt file) or as a string. */
    private static String verification(ObjectNode record) throws MalformedLineException {
        JsonNode value = record.get("verification");
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isObject() && !value.isTextual()) {
            throw new MalformedLineException("\"verification\" must be an object (a verification spec)");
        }
        return value.isObject() ? value.toString() : value.asText();
    }

    private static ObjectNode parse(String line) throws MalformedLineException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedLineException("not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String requiredText(ObjectNode record, String field) throws MalformedLineException {
        JsonNode value = record.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedLineException("\"" + field + "\" must be a string" + (value == null ? " and is missing" : ""));
        }
        return value.asText();
    }

    private static String optionalText(ObjectNode record, String field) throws MalformedLineException {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedLineException("\"" + field + "\" must be a string");
        }
        return value.asText();
    }

    /**
     * What a run did.
     *
     * @param scored lines scored and written
     * @param skipped malformed lines reported and skipped
     */
    public record Summary(int scored, int skipped) {
    }

    /** A line that cannot be scored: not a JSON object, or a required field is missing or not a string. */
    static final class MalformedLineException extends Exception {

        private static final long serialVersionUID = 1L;

        MalformedLineException(String message) {
            super(message);
        }
    }
}
