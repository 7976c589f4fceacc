package dev.grpo.policy.internal.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a Hugging Face model directory says about its tokenizer besides the vocabulary: the special tokens of
 * {@code tokenizer_config.json}, its chat template, and the end ids of {@code generation_config.json}. Every file
 * is optional; a file that is present but malformed is an error.
 *
 * @param bosToken the beginning-of-sequence token's text ({@code bos_token})
 * @param eosToken the end-of-sequence token's text ({@code eos_token})
 * @param padToken the padding token's text ({@code pad_token})
 * @param addBosToken whether plain text gets the BOS token in front ({@code add_bos_token}), when the file says
 * @param chatTemplate the Jinja chat template: {@code chat_template.jinja}, else {@code chat_template} (a string,
 *                     or the entry named {@code default} of a list of {@code {name, template}})
 * @param generationEndIds the ids of {@code generation_config.json}'s {@code eos_token_id} (a number or a list)
 */
public record TokenizerConfig(Optional<String> bosToken, Optional<String> eosToken, Optional<String> padToken,
                              Optional<Boolean> addBosToken, Optional<String> chatTemplate,
                              List<Integer> generationEndIds) {

    /** The file with the special tokens and the chat template. */
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** The file whose {@code eos_token_id} adds end ids. */
    public static final String GENERATION_CONFIG = "generation_config.json";
    /** Newer Hugging Face exports keep the chat template in its own file, which wins over the JSON key. */
    public static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";

    /** Makes the list immutable. */
    public TokenizerConfig {
        generationEndIds = List.copyOf(generationEndIds);
    }

    /**
     * @param modelDir a Hugging Face model directory
     * @return what its tokenizer and generation configs say (all empty when neither exists)
     * @throws InvalidTokenizerException naming the file and key when a file cannot be read or a key is malformed
     */
    public static TokenizerConfig read(Path modelDir) {
        JsonNode tokenizer = json(modelDir.resolve(TOKENIZER_CONFIG));
        JsonNode generation = json(modelDir.resolve(GENERATION_CONFIG));
        return new TokenizerConfig(token(tokenizer, "bos_token"), token(tokenizer, "eos_token"),
                token(tokenizer, "pad_token"),
                tokenizer.path("add_bos_token").isBoolean()
                        ? Optional.of(tokenizer.get("add_bos_token").asBoolean()) : Optional.empty(),
                chatTemplate(modelDir, tokenizer), endIds(modelDir.resolve(GENERATION_CONFIG), generation));
    }

    /**
     * Reads a JSON file as a tree.
     *
     * @param file the file
     * @return its tree, or a missing node when the file does not exist
     * @throws InvalidTokenizerException naming the file when it cannot be read or parsed
     */
    public static JsonNode json(Path file) {
        if (!Files.exists(file)) {
            return MissingNode.getInstance();
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new InvalidTokenizerException("cannot parse " + file + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new InvalidTokenizerException("cannot read " + file + ": " + e, e);
        }
    }

    /** A special token is written either as its text or as an {@code AddedToken} object with a content. */
    private static Optional<String> token(JsonNode config, String key) {
        JsonNode value = config.path(key);
        if (value.isTextual()) {
            return Optional.of(value.asText());
        }
        return value.path("content").isTextual() ? Optional.of(value.get("content").asText()) : Optional.empty();
    }

    private static Optional<String> chatTemplate(Path modelDir, JsonNode config) {
        Path file = modelDir.resolve(CHAT_TEMPLATE_FILE);
        if (Files.isRegularFile(file)) {
            try {
                return Optional.of(Files.readString(file));
            } catch (IOException e) {
                throw new InvalidTokenizerException("cannot read " + file + ": " + e, e);
            }
        }
        JsonNode template = config.path("chat_template");
        if (template.isTextual()) {
            return Optional.of(template.asText());
        }
        if (!template.isArray()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode entry : template) {
            if ("default".equals(entry.path("name").asText()) && entry.path("template").isTextual()) {
                return Optional.of(entry.get("template").asText());
            }
            names.add(entry.path("name").asText());
        }
        throw new InvalidTokenizerException(modelDir.resolve(TOKENIZER_CONFIG) + " chat_template lists " + names
                + " but no template named default", null);
    }

    private static List<Integer> endIds(Path file, JsonNode generation) {
        JsonNode ids = generation.path("eos_token_id");
        List<Integer> endIds = new ArrayList<>();
        for (JsonNode id : ids.isArray() ? ids : List.of(ids)) {
            if (id.isMissingNode() || id.isNull()) {
                continue;
            }
            if (!id.isInt() || id.asInt() < 0) {
                throw new InvalidTokenizerException(file + " eos_token_id " + ids + " is not a token id or a list of "
                        + "them", null);
            }
            endIds.add(id.asInt());
        }
        return endIds;
    }
}
