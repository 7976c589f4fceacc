package dev.grpo.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Reads a {@link RewardConfig} from a properties file or a JSON file. Both spell the same keys;
 * JSON nests them ({@code {"weight": {"judge": 0.5}}} is {@code weight.judge=0.5}) and lists
 * become comma-separated. Settings are applied over the defaults, so a file only names what it
 * changes:
 *
 * <pre>
 * weight.judge=0.5                     # an external component: the assembler now waits for it
 * weight.language_consistency=none     # remove a component
 * rules=accuracy,format,language_consistency
 * tasks.accuracy=arithmetic,countdown  # scope a component to some tasks (empty or absent: every task)
 * score.timeout=1s
 * option.accuracy.some-key=value
 * advantage.scale-by-std=false         # Dr. GRPO
 * advantage.epsilon=1e-4
 * groups.drop-uniform=true             # DAPO dynamic sampling
 * groups.timeout=5m
 * groups.max-size=1024
 * </pre>
 */
public final class RewardConfigFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RewardConfigFile() {
    }

    /** The configuration in {@code file} (JSON when it ends in {@code .json}), over the defaults. */
    public static RewardConfig load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return file.getFileName().toString().endsWith(".json") ? fromJson(text) : fromProperties(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reward config " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The configuration in properties text, over the defaults. */
    public static RewardConfig fromProperties(Reader text) throws IOException {
        Properties properties = new Properties();
        properties.load(text);
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(key -> settings.put(key, properties.getProperty(key)));
        return RewardConfig.defaults().with(settings);
    }

    /** The configuration in JSON text, over the defaults. */
    public static RewardConfig fromJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a JSON reward config must be an object");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        flatten("", root, settings);
        return RewardConfig.defaults().with(settings);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> settings) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), settings);
            }
        } else if (node.isArray()) {
            settings.put(prefix, StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(",")));
        } else {
            settings.put(prefix, node.asText());
        }
    }
}
