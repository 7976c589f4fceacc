package dev.grpo.cli.defaults;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A file of option defaults: a {@code .properties} file, or a {@code .yaml}/{@code .yml} file whose nested keys are
 * joined with dots ({@code learn: {batch-size: 64}} is {@code learn.batch-size=64}). Keys are {@code OPTION} or
 * {@code COMMAND.OPTION}, the option named without its dashes.
 *
 * @param path the file
 * @param values every key and its value as text
 */
public record ConfigFile(Path path, Map<String, String> values) {

    /** Keeps the values unmodifiable. */
    public ConfigFile {
        values = Map.copyOf(values);
    }

    /**
     * Reads {@code path}.
     *
     * @throws IllegalArgumentException in one line naming the file, when it is missing, unreadable or malformed
     */
    public static ConfigFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("config file " + path + " does not exist");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            return new ConfigFile(path, name.endsWith(".yaml") || name.endsWith(".yml") ? yaml(path) : properties(path));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read config file " + path + ": " + firstLine(e), e);
        }
    }

    private static Map<String, String> properties(Path path) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.strip(), properties.getProperty(key).strip()));
        return values;
    }

    private static Map<String, String> yaml(Path path) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new IllegalArgumentException("expected a mapping of keys to values");
            }
            flatten("", root, values);
        }
        return values;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> values) {
        node.fields().forEachRemaining(field -> {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, values);
            } else if (value.isArray()) { // a list option, e.g. bench model's --model: comma-separated
                values.put(key, String.join(",", elements(value)));
            } else {
                values.put(key, value.asText());
            }
        });
    }

    private static List<String> elements(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().split("\\R", 2)[0];
    }
}
