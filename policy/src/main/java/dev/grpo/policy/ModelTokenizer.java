package dev.grpo.policy;

import dev.grpo.policy.internal.tokenizer.InvalidTokenizerException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks the tokenizer of a model directory: a Hugging Face directory has {@code tokenizer.json} and gets an
 * {@link HfTokenizer}; the project's own layout has none and gets the built-in {@link CharTokenizer}.
 */
public final class ModelTokenizer {

    private ModelTokenizer() {
    }

    /**
     * @param modelDir a model directory of either layout
     * @return its tokenizer; close it when done
     * @throws InvalidTokenizerException when a Hugging Face tokenizer cannot be loaded
     */
    public static Tokenizer load(Path modelDir) {
        return Files.exists(modelDir.resolve(HfTokenizer.TOKENIZER_JSON)) ? HfTokenizer.load(modelDir)
                : new CharTokenizer();
    }

    /**
     * Loads the tokenizer and checks that the model has an embedding row for every one of its ids. The model may
     * have more rows than the tokenizer has ids (vocabularies are often padded to a multiple of 64), never fewer.
     *
     * @param modelDir a model directory of either layout
     * @param modelVocabularySize the model's {@code vocab_size}
     * @return its tokenizer; close it when done
     * @throws InvalidTokenizerException when it cannot be loaded or has more ids than the model; nothing stays loaded
     */
    public static Tokenizer load(Path modelDir, int modelVocabularySize) {
        Tokenizer tokenizer = load(modelDir);
        if (tokenizer.vocabularySize() > modelVocabularySize) {
            tokenizer.close();
            throw new InvalidTokenizerException(tokenizer + " has " + tokenizer.vocabularySize()
                    + " ids but config.json vocab_size is " + modelVocabularySize, null);
        }
        return tokenizer;
    }
}
