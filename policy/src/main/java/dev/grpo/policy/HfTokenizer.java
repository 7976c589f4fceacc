package dev.grpo.policy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.grpo.policy.internal.tokenizer.InvalidTokenizerException;
import dev.grpo.policy.internal.tokenizer.TokenizerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tokenizer of a Hugging Face model directory: {@code tokenizer.json} run by DJL's native tokenizers library
 * (shipped inside its jar, so it works offline), with the end and padding tokens of {@code tokenizer_config.json}
 * and {@code generation_config.json} (see {@link TokenizerConfig}).
 *
 * <p>End ids: the {@code eos_token}, then every {@code eos_token_id} of the generation config (Qwen3 instruct
 * stops at {@code <|im_end|>} and {@code <|endoftext|>}). Padding: the {@code pad_token}, else the first end id.
 */
public final class HfTokenizer implements Tokenizer {

    /** The vocabulary file of a Hugging Face model directory. */
    public static final String TOKENIZER_JSON = "tokenizer.json";

    private final HuggingFaceTokenizer library;
    private final Path file;
    private final int vocabularySize;
    private final int[] endIds;
    private final int padId;
    private final TokenizerConfig config;

    private HfTokenizer(HuggingFaceTokenizer library, Path file, Vocabulary vocabulary, int[] endIds, int padId,
                        TokenizerConfig config) {
        this.library = library;
        this.file = file;
        this.vocabularySize = vocabulary.size();
        this.endIds = endIds;
        this.padId = padId;
        this.config = config;
    }

    /**
     * Loads the tokenizer of a model directory.
     *
     * @param modelDir a directory with {@code tokenizer.json} (and usually {@code tokenizer_config.json})
     * @return the tokenizer; close it to free the native side
     * @throws InvalidTokenizerException naming the file and key when a file is missing, malformed, or names a token
     *                                   the vocabulary lacks; nothing stays loaded then
     */
    public static HfTokenizer load(Path modelDir) {
        Path file = modelDir.resolve(TOKENIZER_JSON);
        Vocabulary vocabulary = Vocabulary.read(file);
        TokenizerConfig config = TokenizerConfig.read(modelDir);
        int[] endIds = endIds(modelDir, vocabulary, config);
        int padId = config.padToken().map(token -> vocabulary.require(token, "pad_token", modelDir)).orElse(endIds[0]);
        Map<String, String> options = Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
        try {
            return new HfTokenizer(HuggingFaceTokenizer.newInstance(file, options), file, vocabulary, endIds, padId,
                    config);
        } catch (IOException | RuntimeException e) {
            throw new InvalidTokenizerException("cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    private static int[] endIds(Path modelDir, Vocabulary vocabulary, TokenizerConfig config) {
        Set<Integer> ids = new LinkedHashSet<>();
        config.eosToken().ifPresent(token -> ids.add(vocabulary.require(token, "eos_token", modelDir)));
        for (int id : config.generationEndIds()) {
            if (id >= vocabulary.size()) {
                throw new InvalidTokenizerException(modelDir.resolve(TokenizerConfig.GENERATION_CONFIG)
                        + " eos_token_id " + id + " is outside the " + vocabulary.size() + " ids of "
                        + TOKENIZER_JSON, null);
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw new InvalidTokenizerException(modelDir + " names no end-of-sequence token (eos_token in "
                    + TokenizerConfig.TOKENIZER_CONFIG + " or eos_token_id in " + TokenizerConfig.GENERATION_CONFIG
                    + ")", null);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
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
    public int[] endIds() {
        return endIds.clone();
    }

    @Override
    public int padId() {
        return padId;
    }

    /** @return the directory's special tokens and chat template */
    public TokenizerConfig config() {
        return config;
    }

    /**
     * The token Hugging Face puts in front of plain (untemplated) text: the BOS token when {@code add_bos_token} is
     * true, or, when the config does not say, whatever {@code tokenizer.json}'s post-processor adds (Llama 3).
     *
     * @return that token's text, or empty when plain text starts without one
     */
    public Optional<String> plainTextPrefix() {
        if (config.addBosToken().isPresent()) {
            return config.addBosToken().get() ? config.bosToken() : Optional.empty();
        }
        long[] added = library.encode("", true, false).getIds();
        return added.length == 0 ? Optional.empty() : Optional.of(library.decode(added, false));
    }

    /** @return the path of {@code tokenizer.json}, for error messages */
    @Override
    public String toString() {
        return file.toString();
    }

    @Override
    public void close() {
        library.close();
    }

    /** The ids of {@code tokenizer.json}: the model's vocabulary and the added tokens. */
    private record Vocabulary(Path file, Map<String, Integer> ids, int size) {

        static Vocabulary read(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidTokenizerException("no " + file, null);
            }
            JsonNode root = TokenizerConfig.json(file);
            Map<String, Integer> ids = new HashMap<>();
            JsonNode model = root.path("model").path("vocab");
            if (model.isObject()) {
                model.fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().asInt()));
            } else if (model.isArray()) {
                for (int id = 0; id < model.size(); id++) {
                    ids.put(model.get(id).path(0).asText(), id);
                }
            }
            for (JsonNode added : root.path("added_tokens")) {
                ids.put(added.path("content").asText(), added.path("id").asInt());
            }
            if (ids.isEmpty()) {
                throw new InvalidTokenizerException(file + " has no vocabulary (model.vocab / added_tokens)", null);
            }
            return new Vocabulary(file, ids, ids.values().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1);
        }

        int require(String token, String key, Path modelDir) {
            Integer id = ids.get(token);
            if (id == null) {
                throw new InvalidTokenizerException(modelDir.resolve(TokenizerConfig.TOKENIZER_CONFIG) + " " + key
                        + " " + token + " is not a token of " + file, null);
            }
            return id;
        }
    }
}
