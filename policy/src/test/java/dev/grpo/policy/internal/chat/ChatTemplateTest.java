package dev.grpo.policy.internal.chat;

import dev.grpo.policy.RealTokenizers;
import dev.grpo.policy.internal.tokenizer.InvalidTokenizerException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real chat templates of Qwen3, Llama 3 and DeepSeek-V3. Every expected string was produced once by an
 * independent renderer: python3-jinja2 3.1.6 set up as transformers' {@code apply_chat_template} sets it up
 * ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)}, {@code tojson} as
 * {@code json.dumps(ensure_ascii=False)}, {@code raise_exception}, {@code strftime_now}; the special tokens of
 * {@code tokenizer_config.json} as variables, {@code tools=None}).
 */
class ChatTemplateTest {

    private static final String QWEN3_SYSTEM_AND_USER = "<|im_start|>system\n" +
            "You are a helpful assistant.<|im_end|>\n" +
            "<|im_start|>user\n" +
            "What is 7 + 8? 请用中文回答 🙂<|im_end|>\n" +
            "<|im_start|>assistant\n";
    private static final String QWEN3_USER_AND_ASSISTANT = "<|im_start|>user\n" +
            "What is 7 + 8?<|im_end|>\n" +
            "<|im_start|>assistant\n" +
            "<think>\n" +
            "7 + 8 = 15\n" +
            "</think>\n" +
            "\n" +
            "<answer>15</answer><|im_end|>\n" +
            "<|im_start|>assistant\n";
    private static final String QWEN3_TWO_TURNS = "<|im_start|>user\n" +
            "What is 7 + 8?<|im_end|>\n" +
            "<|im_start|>assistant\n" +
            "<answer>15</answer><|im_end|>\n" +
            "<|im_start|>user\n" +
            "  And 9 + 9?  <|im_end|>\n" +
            "<|im_start|>assistant\n";
    private static final String LLAMA3_SYSTEM_AND_USER = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n" +
            "\n" +
            "You are a helpful assistant.<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\n" +
            "What is 7 + 8? 请用中文回答 🙂<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n";
    private static final String LLAMA3_USER_AND_ASSISTANT = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n" +
            "\n" +
            "What is 7 + 8?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n" +
            "<think>\n" +
            "7 + 8 = 15\n" +
            "</think>\n" +
            "\n" +
            "<answer>15</answer><|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n";
    private static final String LLAMA3_TWO_TURNS = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n" +
            "\n" +
            "What is 7 + 8?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n" +
            "<think>\n" +
            "7 + 8 = 15\n" +
            "</think>\n" +
            "\n" +
            "<answer>15</answer><|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
            "\n" +
            "And 9 + 9?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
            "\n";
    private static final String DEEPSEEK_V3_SYSTEM_AND_USER = "<｜begin▁of▁sentence｜>You are a helpful assistant.<｜User｜>What is 7 + 8? 请用中文回答 🙂<" +
            "｜Assistant｜>";
    private static final String DEEPSEEK_V3_USER_AND_ASSISTANT = "<｜begin▁of▁sentence｜><｜User｜>What is 7 + 8?<｜Assistant｜><think>\n" +
            "7 + 8 = 15\n" +
            "</think>\n" +
            "\n" +
            "<answer>15</answer><｜end▁of▁sentence｜><｜Assistant｜>";
    private static final String DEEPSEEK_V3_TWO_TURNS = "<｜begin▁of▁sentence｜><｜User｜>What is 7 + 8?<｜Assistant｜><think>\n" +
            "7 + 8 = 15\n" +
            "</think>\n" +
            "\n" +
            "<answer>15</answer><｜end▁of▁sentence｜><｜User｜>  And 9 + 9?  <｜Assistant｜>";

    private static final List<ChatMessage> SYSTEM_AND_USER = List.of(
            ChatMessage.system("You are a helpful assistant."), ChatMessage.user("What is 7 + 8? 请用中文回答 🙂"));
    private static final List<ChatMessage> USER_AND_ASSISTANT = List.of(ChatMessage.user("What is 7 + 8?"),
            ChatMessage.assistant("<think>\n7 + 8 = 15\n</think>\n\n<answer>15</answer>"));
    private static final List<ChatMessage> TWO_TURNS = List.of(ChatMessage.user("What is 7 + 8?"),
            ChatMessage.assistant("<think>\n7 + 8 = 15\n</think>\n\n<answer>15</answer>"),
            ChatMessage.user("  And 9 + 9?  "));

    @TempDir
    static Path models;

    private static final Map<RealTokenizers, ChatTemplate> TEMPLATES = new EnumMap<>(RealTokenizers.class);

    @BeforeAll
    static void load() {
        for (RealTokenizers real : RealTokenizers.values()) {
            TEMPLATES.put(real, ChatTemplate.of(real.unpack(models)).orElseThrow());
        }
    }

    private static String render(RealTokenizers model, List<ChatMessage> messages) {
        return TEMPLATES.get(model).render(messages, true);
    }

    @Test
    void rendersQwen3AsItsJinjaTemplateDoes() {
        assertThat(render(RealTokenizers.QWEN3, SYSTEM_AND_USER)).isEqualTo(QWEN3_SYSTEM_AND_USER);
        assertThat(render(RealTokenizers.QWEN3, USER_AND_ASSISTANT)).isEqualTo(QWEN3_USER_AND_ASSISTANT);
        assertThat(render(RealTokenizers.QWEN3, TWO_TURNS)).as("reasoning of earlier turns dropped")
                .isEqualTo(QWEN3_TWO_TURNS);
    }

    @Test
    void rendersLlama3AsItsJinjaTemplateDoes() {
        assertThat(render(RealTokenizers.LLAMA3, SYSTEM_AND_USER)).isEqualTo(LLAMA3_SYSTEM_AND_USER);
        assertThat(render(RealTokenizers.LLAMA3, USER_AND_ASSISTANT)).isEqualTo(LLAMA3_USER_AND_ASSISTANT);
        assertThat(render(RealTokenizers.LLAMA3, TWO_TURNS)).as("contents trimmed").isEqualTo(LLAMA3_TWO_TURNS);
    }

    @Test
    void rendersDeepSeekV3AsItsJinjaTemplateDoes() {
        assertThat(render(RealTokenizers.DEEPSEEK_V3, SYSTEM_AND_USER)).isEqualTo(DEEPSEEK_V3_SYSTEM_AND_USER);
        assertThat(render(RealTokenizers.DEEPSEEK_V3, USER_AND_ASSISTANT)).isEqualTo(DEEPSEEK_V3_USER_AND_ASSISTANT);
        assertThat(render(RealTokenizers.DEEPSEEK_V3, TWO_TURNS)).isEqualTo(DEEPSEEK_V3_TWO_TURNS);
    }

    /** Renders a template without special tokens or generation prompt. */
    private static String renderAlone(String template, ChatMessage... messages) {
        return new ChatTemplate(template, Map.of()).render(List.of(messages), false);
    }

    @Test
    void leavesTheGenerationPromptOutWhenNotAsked() {
        assertThat(TEMPLATES.get(RealTokenizers.QWEN3).render(SYSTEM_AND_USER, false))
                .isEqualTo(QWEN3_SYSTEM_AND_USER.substring(0, QWEN3_SYSTEM_AND_USER.lastIndexOf("<|im_start|>")));
    }

    @Test
    void callsPythonsStringMethodsOnStrings() {
        String template = "{{ 'a</think>b</think>'.split('</think>')|join(',') }}|{{ '\\n\\nx\\n'.strip('\\n') }}|"
                + "{{ ' x '.lstrip() }}|{{ 'xyx'.rstrip('x') }}|{% if 'abc'.startswith(('z', 'a')) and "
                + "'abc'.endswith('bc') and not 'abc'.startswith('b') %}yes{% endif %}|{{ '  a  b '.split()|join(',') }}|"
                + "{{ '-'.join(['a', 'b']) }}|{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}";

        assertThat(renderAlone(template))
                .isEqualTo("a,b,|x|x |xy|yes|a,b|a-b|ABab");
    }

    @Test
    void writesJsonAsPythonsJsonDumps() {
        String template = "{{ {'a': 1, 'b': [1, 'x', none, true]} | tojson }}|{{ {'a': [1]} | tojson(indent=2) }}|"
                + "{{ 'é\"' | tojson }}";

        assertThat(renderAlone(template))
                .isEqualTo("{\"a\": 1, \"b\": [1, \"x\", null, true]}|{\n  \"a\": [\n    1\n  ]\n}|\"é\\\"\"");
    }

    @Test
    void evaluatesNamespacesReversedSlicesAndLoopVariables() {
        String template = "{% set ns = namespace(n=messages|length - 1, s='a' ~ 'b', f=false or true) %}"
                + "{% for m in messages[::-1] %}{{ loop.index0 }}{{ m.role }}{% if loop.last %}!{% endif %}{% endfor %}"
                + "|{{ ns.n }}{{ ns.s }}{% if ns.f %}T{% endif %}|{{ messages[1:]|length }}";

        assertThat(renderAlone(template, ChatMessage.system("s"), ChatMessage.user("u")))
                .isEqualTo("0user1system!|1abT|1");
    }

    @Test
    void bindsFiltersTighterThanOperatorsAsJinjaDoes() {
        String template = "{{ 'x' ~ 'ab'|upper }}|{{ 1 + messages|length }}|{{ 10 - messages|length * 2 }}|"
                + "{% if not messages|length == 3 %}N{% endif %}";

        assertThat(renderAlone(template, SYSTEM_AND_USER.toArray(ChatMessage[]::new))).isEqualTo("xAB|3|6|N");
    }

    @Test
    void controlsWhitespaceAsJinjaWithTrimmedAndLeftStrippedBlocks() {
        String template = "a  {%- if true -%}  b  {%- endif %}  c\n  {% if true %}\n  d\n  {% endif %}\n"
                + "e {{- ' f ' -}} g {{ 'h' }}  {#- note -#}  i";

        assertThat(renderAlone(template)).isEqualTo("ab  c\n  d\ne f g hi");
    }

    @Test
    void knowsTheTimeForTemplatesThatPrintToday() {
        assertThat(renderAlone("{{ strftime_now('%Y') }}"))
                .isEqualTo(String.valueOf(Year.now().getValue()));
    }

    @Test
    void reportsTheTemplatesOwnExceptionInOneLine() {
        ChatTemplate strict = new ChatTemplate("{% for m in messages %}{% if m.role == 'system' %}"
                + "{{ raise_exception('System role not supported') }}{% endif %}{% endfor %}", Map.of());

        assertThatThrownBy(() -> strict.render(SYSTEM_AND_USER, true)).isInstanceOf(ChatTemplateException.class)
                .hasMessage("the chat template refused the conversation: System role not supported");
    }

    @Test
    void reportsATemplateJinjavaCannotParseInOneLine() {
        ChatTemplate broken = new ChatTemplate("ok\n{{ messages[0].role + }}", Map.of());

        assertThatThrownBy(() -> broken.render(SYSTEM_AND_USER, true)).isInstanceOf(ChatTemplateException.class)
                .hasMessageStartingWith("chat template line 2: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void takesTheDefaultOfANamedListOfTemplatesOrTheTemplateFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\", \"chat_template\": ["
                + "{\"name\": \"tool_use\", \"template\": \"tools\"}, {\"name\": \"default\", \"template\": "
                + "\"{{ bos_token }}{{ messages[0].content }}\"}]}");
        assertThat(ChatTemplate.of(dir).orElseThrow().render(List.of(ChatMessage.user("hi")), true)).isEqualTo("<s>hi");

        Files.writeString(dir.resolve("chat_template.jinja"), "[{{ messages[0].content }}]\n");
        assertThat(ChatTemplate.of(dir).orElseThrow().render(List.of(ChatMessage.user("hi")), true)).isEqualTo("[hi]");
    }

    @Test
    void rejectsANamedListWithoutADefault(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"tools\"}]}");

        assertThatThrownBy(() -> ChatTemplate.of(dir)).isInstanceOf(InvalidTokenizerException.class)
                .hasMessage(dir.resolve("tokenizer_config.json") + " chat_template lists [tool_use] but no template "
                        + "named default");
    }

    @Test
    void findsNoTemplateForABaseModel(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");

        assertThat(ChatTemplate.of(dir)).isEmpty();
    }
}
