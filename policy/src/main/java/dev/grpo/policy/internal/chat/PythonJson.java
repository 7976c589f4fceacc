package dev.grpo.policy.internal.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.Map;

/**
 * The {@code tojson} filter as Hugging Face defines it for chat templates: Python's {@code json.dumps} with
 * {@code ensure_ascii=False}, so {@code {"a": 1, "b": [1, 2]}} with a space after every comma and colon, and
 * {@code indent=N} for one entry per line. (Jinjava's own {@code tojson} writes compact JSON, which changes the prompt
 * a tool-using template renders.)
 */
final class PythonJson implements Filter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
        return filter(value, interpreter, args, Map.of());
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
        try {
            return MAPPER.writer(printer(indent == null ? -1 : Integer.parseInt(indent.toString())))
                    .writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ChatTemplateException("tojson cannot write " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code json.dumps} separators: {@code ", "} and {@code ": "} inline, {@code ","} at line ends when indented. */
    private static DefaultPrettyPrinter printer(int indent) {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator("");
        if (indent < 0) {
            separators = separators.withObjectEntrySpacing(Separators.Spacing.AFTER)
                    .withArrayValueSpacing(Separators.Spacing.AFTER);
            return new DefaultPrettyPrinter(separators).withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
                    .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter());
        }
        DefaultIndenter lines = new DefaultIndenter(" ".repeat(indent), "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(lines).withArrayIndenter(lines);
    }
}
