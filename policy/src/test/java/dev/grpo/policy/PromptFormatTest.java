package dev.grpo.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PromptFormatTest {

    @Test
    void putsThePromptIntoTheChatTemplateOfAnInstructModel(@TempDir Path dir) {
        PromptFormat format = PromptFormat.of(RealTokenizers.QWEN3.unpack(dir));

        assertThat(format).isInstanceOf(PromptFormat.Chat.class);
        assertThat(format.render("What is 7 + 8?"))
                .isEqualTo("<|im_start|>user\nWhat is 7 + 8?<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void keepsThePromptPlainForABaseModelWithTheBosTokenItsTokenizerAdds(@TempDir Path dir) throws IOException {
        Path model = RealTokenizers.DEEPSEEK_V3.unpack(dir);
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"add_bos_token\": true, "
                + "\"bos_token\": \"<｜begin▁of▁sentence｜>\", \"eos_token\": \"<｜end▁of▁sentence｜>\"}");

        assertThat(PromptFormat.of(model).render("User: 7 + 8? Assistant: <think>"))
                .isEqualTo("<｜begin▁of▁sentence｜>User: 7 + 8? Assistant: <think>");
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"eos_token\": \"<｜end▁of▁sentence｜>\"}");
        assertThat(PromptFormat.of(model).render("1 + 1 =")).isEqualTo("1 + 1 =");
    }

    @Test
    void keepsThePromptPlainForTheBuiltInLayout(@TempDir Path dir) {
        assertThat(PromptFormat.of(dir)).isEqualTo(new PromptFormat.Plain(""));
    }
}
