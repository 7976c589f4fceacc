package dev.grpo.policy;

import dev.grpo.policy.internal.tokenizer.InvalidTokenizerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelTokenizerTest {

    @Test
    void givesTheBuiltInTokenizerToADirectoryWithoutTokenizerJson(@TempDir Path dir) {
        try (Tokenizer tokenizer = ModelTokenizer.load(dir)) {
            assertThat(tokenizer).isInstanceOf(CharTokenizer.class);
        }
    }

    @Test
    void givesTheHuggingFaceTokenizerToADirectoryWithTokenizerJson(@TempDir Path dir) {
        try (Tokenizer tokenizer = ModelTokenizer.load(RealTokenizers.QWEN3.unpack(dir), 151936)) {
            assertThat(tokenizer).isInstanceOf(HfTokenizer.class);
            assertThat(tokenizer.vocabularySize()).as("the model pads its vocabulary").isEqualTo(151669);
        }
    }

    @Test
    void acceptsAModelVocabularyExactlyAsLargeAsTheTokenizers(@TempDir Path dir) {
        try (Tokenizer tokenizer = ModelTokenizer.load(dir, new CharTokenizer().vocabularySize())) {
            assertThat(tokenizer.endIds()).containsExactly(1);
        }
    }

    @Test
    void rejectsATokenizerWithMoreIdsThanTheModelInOneLine(@TempDir Path dir) {
        Path model = RealTokenizers.QWEN3.unpack(dir);

        assertThatThrownBy(() -> ModelTokenizer.load(model, 1000)).isInstanceOf(InvalidTokenizerException.class)
                .hasMessage(model.resolve("tokenizer.json") + " has 151669 ids but config.json vocab_size is 1000");
        assertThatThrownBy(() -> ModelTokenizer.load(dir, 100)).isInstanceOf(InvalidTokenizerException.class)
                .hasMessageStartingWith("the built-in character tokenizer has ");
    }
}
