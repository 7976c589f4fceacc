package dev.grpo.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.grpo.policy.internal.tokenizer.InvalidTokenizerException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model directory opens with the tokenizer and prompt format of its layout: the built-in tokenizer and plain text
 * for our own, the model's tokenizer and chat template for a Hugging Face one, which must bring its tokenizer.
 */
class ModelDirectoryTest {

    @TempDir
    Path folder;

    @Test
    void ourOwnLayoutGetsTheBuiltInTokenizerAndPlainText() {
        Path dir = folder.resolve("own");
        try (PolicyModel model = PolicyModel.create(ModelPreset.TINY.config(new CharTokenizer().vocabularySize()), 1,
                Device.cpu())) {
            Checkpoint.write(model, dir, Map.of());
        }
        try (ModelDirectory opened = ModelDirectory.open(dir)) {
            assertThat(opened.tokenizer()).isInstanceOf(CharTokenizer.class);
            assertThat(opened.promptFormat().render("1+1=")).isEqualTo("1+1=");
        }
    }

    @Test
    void aHuggingFaceModelGetsItsTokenizerAndChatTemplate() {
        Path dir = TinyHfModels.qwen3(folder.resolve("qwen3"), 151_936, 1);
        RealTokenizers.QWEN3.unpack(folder);
        try (ModelDirectory opened = ModelDirectory.open(dir)) {
            assertThat(opened.tokenizer()).isInstanceOf(HfTokenizer.class);
            assertThat(opened.tokenizer().endIds()).contains(151_645);
            assertThat(opened.promptFormat()).isInstanceOf(PromptFormat.Chat.class);
            assertThat(opened.promptFormat().render("1+1=")).startsWith("<|im_start|>user\n1+1=<|im_end|>\n")
                    .endsWith("<|im_start|>assistant\n");
        }
    }

    @Test
    void aHuggingFaceModelWithoutItsTokenizerIsRefused() {
        Path dir = TinyHfModels.qwen3(folder.resolve("qwen3"), 151_936, 1);

        assertThatThrownBy(() -> ModelDirectory.open(dir)).isInstanceOf(InvalidTokenizerException.class)
                .hasMessageContaining("no tokenizer.json");
    }
}
