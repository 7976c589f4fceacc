package dev.grpo.policy.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grpo.policy.TokenIdOutOfRangeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A HuggingFace {@code tokenizer.json}, run by DJL's native tokenizers library (shipped inside its jar, so it
 * works offline). Every {@link SpecialToken} must exist in the file as a single token; by default under its
 * canonical text ({@code <eos>}, {@code <think>}, ...), or under the names given to {@link #load(Path, Map)}.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {

    private final HuggingFaceTokenizer library;
    private final int vocabularySize;
    private final Map<SpecialToken, Integer> specialIds;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, int vocabularySize, Map<SpecialToken, Integer> specialIds) {
        this.library = tokenizer;
        this.vocabularySize = vocabularySize;
        this.specialIds = specialIds;
    }

    /**
     * Loads a tokenizer whose special tokens are written as {@link SpecialToken#text()}.
     *
     * @param tokenizerJson path of a {@code tokenizer.json}
     * @return the tokenizer; close it to free the native side
     * @throws InvalidTokenizerException when the file cannot be read or lacks a special token
     */
    public static HfTokenizer load(Path tokenizerJson) {
        Map<SpecialToken, String> names = new EnumMap<>(SpecialToken.class);
        for (SpecialToken special : SpecialToken.values()) {
            names.put(special, special.text());
        }
        return load(tokenizerJson, names);
    }

    /**
     * Loads a tokenizer whose special tokens have other names (e.g. {@code </s>} for {@link SpecialToken#EOS}).
     *
     * @param tokenizerJson path of a {@code tokenizer.json}
     * @param specialNames the token text of every special token
     * @return the tokenizer; close it to free the native side
     * @throws InvalidTokenizerException when the file cannot be read or lacks a special token
     */
    public static HfTokenizer load(Path tokenizerJson, Map<SpecialToken, String> specialNames) {
        Map<String, Integer> vocabulary = readVocabulary(tokenizerJson);
        Map<SpecialToken, Integer> ids = new EnumMap<>(SpecialToken.class);
        for (SpecialToken special : SpecialToken.values()) {
            String name = specialNames.get(special);
            Integer id = name == null ? null : vocabulary.get(name);
            if (id == null) {
                throw new InvalidTokenizerException(tokenizerJson + " has no token " + name + " for " + special, null);
            }
            ids.put(special, id);
        }
        int size = vocabulary.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Map<String, String> options = Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
        try {
            return new HfTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options), size, ids);
        } catch (IOException | RuntimeException e) {
            throw new InvalidTokenizerException("cannot load " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> readVocabulary(Path tokenizerJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(tokenizerJson));
        } catch (IOException e) {
            throw new InvalidTokenizerException("cannot read " + tokenizerJson + ": " + e.getMessage(), e);
        }
        Map<String, Integer> vocabulary = new HashMap<>();
        JsonNode modelVocabulary = root.path("model").path("vocab");
        if (modelVocabulary.isObject()) {
            modelVocabulary.fields().forEachRemaining(e -> vocabulary.put(e.getKey(), e.getValue().asInt()));
        } else if (modelVocabulary.isArray()) {
            for (int id = 0; id < modelVocabulary.size(); id++) {
                vocabulary.put(modelVocabulary.get(id).path(0).asText(), id);
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            vocabulary.put(added.path("content").asText(), added.path("id").asInt());
        }
        if (vocabulary.isEmpty()) {
            throw new InvalidTokenizerException(tokenizerJson + " has no vocabulary (model.vocab / added_tokens)", null);
        }
        return vocabulary;
    }

    @Override
    public int[] encode(String text) {
        return Arrays.stream(library.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public String decode(int[] ids) {
        TokenIdOutOfRangeException.requireInVocabulary("decoded sequence", ids, vocabularySize);
        return library.decode(Arrays.stream(ids).asLongStream().toArray(), false);
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public int id(SpecialToken token) {
        return specialIds.get(token);
    }

    @Override
    public void close() {
        library.close();
    }
}
