package dev.grpo.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.policy.internal.tokenizer.InvalidTokenizerException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real Qwen3, Llama 3 and DeepSeek-V3 tokenizers. Expected ids come from an independent implementation: the
 * JavaScript tokenizer of {@code @lenml/tokenizers} 3.7.2 run by node on the same files
 * ({@code tokenizer.encode(text, {add_special_tokens: false})}).
 */
class HfTokenizerTest {

    private static final String ENGLISH = "Hello, world! The answer is 42.";
    private static final String CHINESE = "你好，世界。我们先算个位：7+8=15。";
    private static final String CODE = "def f(x):\n    return {\"y\": x * 2}  # tab\there\n";
    private static final String EMOJI = "🙂👍🏽 family: 👨‍👩‍👧 flag: 🇯🇵";

    @TempDir
    static Path models;

    private static final Map<RealTokenizers, HfTokenizer> TOKENIZERS = new EnumMap<>(RealTokenizers.class);

    @BeforeAll
    static void load() {
        for (RealTokenizers real : RealTokenizers.values()) {
            TOKENIZERS.put(real, HfTokenizer.load(real.unpack(models)));
        }
    }

    @AfterAll
    static void close() {
        TOKENIZERS.values().forEach(HfTokenizer::close);
    }

    @ParameterizedTest
    @EnumSource(RealTokenizers.class)
    void roundTripsEnglishChineseCodeAndEmoji(RealTokenizers real) {
        HfTokenizer tokenizer = TOKENIZERS.get(real);
        for (String text : new String[] {ENGLISH, CHINESE, CODE, EMOJI, ENGLISH + CHINESE + CODE + EMOJI}) {
            int[] ids = tokenizer.encode(text);
            assertThat(IntStream.of(ids)).isNotEmpty().allMatch(id -> id >= 0 && id < tokenizer.vocabularySize());
            assertThat(tokenizer.decode(ids)).isEqualTo(text);
        }
    }

    @Test
    void encodesToTheIdsOfTheReferenceImplementation() {
        assertThat(TOKENIZERS.get(RealTokenizers.QWEN3).encode("Hello, world!")).containsExactly(9707, 11, 1879, 0);
        assertThat(TOKENIZERS.get(RealTokenizers.QWEN3).encode("你好，世界")).containsExactly(108386, 3837, 99489);
        assertThat(TOKENIZERS.get(RealTokenizers.QWEN3).encode("def f(x):\n    return x * 2"))
                .containsExactly(750, 282, 2075, 982, 262, 470, 856, 353, 220, 17);
        assertThat(TOKENIZERS.get(RealTokenizers.LLAMA3).encode("Hello, world!")).containsExactly(9906, 11, 1917, 0);
        assertThat(TOKENIZERS.get(RealTokenizers.LLAMA3).encode("🙂👍🏽"))
                .containsExactly(9468, 19044, 9468, 239, 235, 9468, 237, 121);
        assertThat(TOKENIZERS.get(RealTokenizers.DEEPSEEK_V3).encode("Hello, world!"))
                .containsExactly(19923, 14, 2058, 3);
        assertThat(TOKENIZERS.get(RealTokenizers.DEEPSEEK_V3).encode("你好，世界")).containsExactly(30594, 303, 3427);
    }

    @Test
    void treatsTheReasoningMarkersAsTextWhateverTheirTokenCount() {
        HfTokenizer qwen = TOKENIZERS.get(RealTokenizers.QWEN3);
        String completion = "<think>\n2+3=5\n</think>\n<answer>5</answer>";

        assertThat(qwen.encode("<think>")).containsExactly(151667);
        assertThat(qwen.encode("</think>")).containsExactly(151668);
        assertThat(qwen.encode("<answer>")).containsExactly(27, 9217, 29);
        assertThat(qwen.encode(completion)).containsExactly(151667, 198, 17, 10, 18, 28, 20, 198, 151668, 198, 27,
                9217, 29, 20, 522, 9217, 29);
        assertThat(qwen.decode(qwen.encode(completion))).isEqualTo(completion);
        HfTokenizer llama = TOKENIZERS.get(RealTokenizers.LLAMA3);
        assertThat(llama.encode("<think>")).containsExactly(14023, 771, 29);
        assertThat(llama.decode(llama.encode(completion))).isEqualTo(completion);
    }

    @Test
    void decodesSpecialTokensAsTheirText() {
        HfTokenizer qwen = TOKENIZERS.get(RealTokenizers.QWEN3);

        assertThat(qwen.decode(new int[] {151644, 872, 198, 151645, 151643}))
                .isEqualTo("<|im_start|>user\n<|im_end|><|endoftext|>");
        assertThat(qwen.encode("<|im_start|>")).containsExactly(151644);
    }

    @Test
    void takesEndAndPadIdsFromTheTokenizerConfig() {
        HfTokenizer qwen = TOKENIZERS.get(RealTokenizers.QWEN3);
        assertThat(qwen.endIds()).containsExactly(151645);
        assertThat(qwen.padId()).isEqualTo(151643);
        HfTokenizer llama = TOKENIZERS.get(RealTokenizers.LLAMA3);
        assertThat(llama.endIds()).containsExactly(128001);
        assertThat(llama.padId()).as("no pad_token: the first end id").isEqualTo(128001);
        HfTokenizer deepSeek = TOKENIZERS.get(RealTokenizers.DEEPSEEK_V3);
        assertThat(deepSeek.endIds()).containsExactly(1);
        assertThat(deepSeek.padId()).isEqualTo(1);
    }

    @Test
    void addsTheEndIdsOfTheGenerationConfig(@TempDir Path dir) throws IOException {
        Path model = RealTokenizers.QWEN3.unpack(dir);
        Files.writeString(model.resolve("generation_config.json"), "{\"eos_token_id\": [151645, 151643]}");

        try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
            assertThat(tokenizer.endIds()).containsExactly(151645, 151643);
        }
        Files.writeString(model.resolve("generation_config.json"), "{\"eos_token_id\": 151643}");
        try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
            assertThat(tokenizer.endIds()).containsExactly(151645, 151643);
        }
    }

    @Test
    void countsTheVocabularyOverModelAndAddedTokens() {
        assertThat(TOKENIZERS.get(RealTokenizers.QWEN3).vocabularySize()).isEqualTo(151669);
        assertThat(TOKENIZERS.get(RealTokenizers.LLAMA3).vocabularySize()).isEqualTo(128256);
        assertThat(TOKENIZERS.get(RealTokenizers.DEEPSEEK_V3).vocabularySize()).isEqualTo(128815);
    }

    @Test
    void putsTheBosTokenBeforePlainTextOnlyWhereTheConfigAsks() {
        assertThat(TOKENIZERS.get(RealTokenizers.DEEPSEEK_V3).plainTextPrefix()).contains("<｜begin▁of▁sentence｜>");
        assertThat(TOKENIZERS.get(RealTokenizers.QWEN3).plainTextPrefix()).isEmpty();
        assertThat(TOKENIZERS.get(RealTokenizers.LLAMA3).plainTextPrefix()).as("its post-processor adds nothing")
                .isEmpty();
    }

    @Test
    void encodesRawTextWithoutTheBosTokenItsPostProcessorAddsButNamesItForPlainText(@TempDir Path dir)
            throws IOException {
        Path model = RealTokenizers.LLAMA3.unpack(dir);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(model.resolve("tokenizer.json").toFile());
        json.set("post_processor", new ObjectMapper().readTree("{\"type\": \"TemplateProcessing\", \"single\": ["
                + "{\"SpecialToken\": {\"id\": \"<|begin_of_text|>\", \"type_id\": 0}}, {\"Sequence\": {\"id\": \"A\", "
                + "\"type_id\": 0}}], \"pair\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"special_tokens\": "
                + "{\"<|begin_of_text|>\": {\"id\": \"<|begin_of_text|>\", \"ids\": [128000], "
                + "\"tokens\": [\"<|begin_of_text|>\"]}}}"));
        new ObjectMapper().writeValue(model.resolve("tokenizer.json").toFile(), json);

        try (HfTokenizer llama = HfTokenizer.load(model)) {
            assertThat(llama.encode("Hello, world!")).containsExactly(9906, 11, 1917, 0);
            assertThat(llama.plainTextPrefix()).contains("<|begin_of_text|>");
        }
    }

    @Test
    void rejectsDecodingAnIdOutsideTheVocabulary() {
        assertThatThrownBy(() -> TOKENIZERS.get(RealTokenizers.QWEN3).decode(new int[] {151669}))
                .isInstanceOf(TokenIdOutOfRangeException.class);
    }

    @Test
    void rejectsAMissingTokenizerJson(@TempDir Path dir) {
        assertThatThrownBy(() -> HfTokenizer.load(dir)).isInstanceOf(InvalidTokenizerException.class)
                .hasMessage("no " + dir.resolve("tokenizer.json"));
    }

    /** Loads the Qwen3 directory with one file replaced. */
    private static AbstractThrowableAssert<?, ? extends Throwable> loadingWith(Path dir, String file, String content)
            throws IOException {
        Path model = RealTokenizers.QWEN3.unpack(dir);
        Files.writeString(model.resolve(file), content);
        return assertThatThrownBy(() -> HfTokenizer.load(model)).isInstanceOf(InvalidTokenizerException.class);
    }

    @Test
    void rejectsAnEndTokenTheVocabularyLacks(@TempDir Path dir) throws IOException {
        loadingWith(dir, "tokenizer_config.json", "{\"eos_token\": \"<|no such token|>\"}")
                .hasMessage(dir.resolve("qwen3/tokenizer_config.json") + " eos_token <|no such token|> is not a token of "
                        + dir.resolve("qwen3/tokenizer.json"));
    }

    @Test
    void rejectsAGenerationEndIdOutsideTheVocabulary(@TempDir Path dir) throws IOException {
        loadingWith(dir, "generation_config.json", "{\"eos_token_id\": [151645, 200000]}")
                .hasMessageContaining("eos_token_id 200000 is outside the 151669 ids");
    }

    @Test
    void rejectsADirectoryThatNamesNoEndToken(@TempDir Path dir) throws IOException {
        loadingWith(dir, "tokenizer_config.json", "{}").hasMessageContaining("names no end-of-sequence token");
    }

    @Test
    void rejectsAnUnreadableTokenizerJsonInOneLine(@TempDir Path dir) throws IOException {
        loadingWith(dir, "tokenizer.json", "{\"model\": {\"vocab\": [")
                .hasMessageContaining(dir.resolve("qwen3/tokenizer.json").toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
