package dev.grpo.schemas;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grpo.schemas.VerificationSpec.Assert;
import dev.grpo.schemas.VerificationSpec.StdinStdout;
import dev.grpo.schemas.VerificationSpec.TestCase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The JSON form of a {@link VerificationSpec}: strict reading (every field checked, none unknown) and writing. */
final class VerificationJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> COMMON_FIELDS = Set.of("kind", "language", "time_limit_s", "memory_mb");
    private static final Set<String> TEST_FIELDS = Set.of("input", "output");

    private VerificationJson() {
    }

    static VerificationSpec parse(String json) {
        if (json == null) {
            throw new IllegalArgumentException("verification spec: missing");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object, was " + describe(root));
        }
        return spec(root);
    }

    static String write(VerificationSpec spec) {
        ObjectNode root = JSON.createObjectNode().put("kind", spec.kind()).put("language", spec.language());
        if (spec instanceof StdinStdout stdinStdout) {
            ArrayNode tests = root.putArray("tests");
            stdinStdout.tests().forEach(test -> tests.addObject().put("input", test.input())
                    .put("output", test.output()));
        } else if (spec instanceof Assert asserted) {
            root.put("code", asserted.code());
        }
        Duration limit = spec.timeLimit();
        if (limit.getNano() == 0) {
            root.put("time_limit_s", limit.getSeconds());
        } else {
            root.put("time_limit_s", BigDecimal.valueOf(limit.getSeconds()).add(BigDecimal.valueOf(limit.getNano(), 9)).doubleValue());
        }
        return root.put("memory_mb", spec.memoryMb()).toString();
    }

    private static VerificationSpec spec(JsonNode root) {
        String kind = requiredText(root, "kind");
        boolean stdinStdout = kind.equals(StdinStdout.KIND);
        if (!stdinStdout && !kind.equals(Assert.KIND)) {
            throw new IllegalArgumentException("kind: unknown kind \"" + kind + "\" (known: " + StdinStdout.KIND
                    + ", " + Assert.KIND + ")");
        }
        String language = requiredText(root, "language");
        Duration timeLimit = timeLimit(root);
        int memoryMb = memoryMb(root);
        onlyFields(root, "", COMMON_FIELDS, stdinStdout ? "tests" : "code");
        return stdinStdout ? new StdinStdout(language, tests(root), timeLimit, memoryMb)
                : new Assert(language, requiredText(root, "code"), timeLimit, memoryMb);
    }

    private static List<TestCase> tests(JsonNode root) {
        JsonNode tests = root.get("tests");
        if (tests == null || tests.isNull()) {
            throw new IllegalArgumentException("tests: missing");
        }
        if (!tests.isArray()) {
            throw new IllegalArgumentException("tests: must be an array, was " + describe(tests));
        }
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            cases.add(testCase(tests.get(i), "tests[" + i + "]."));
        }
        return cases;
    }

    private static TestCase testCase(JsonNode test, String path) {
        if (!test.isObject()) {
            throw new IllegalArgumentException(path.substring(0, path.length() - 1) + ": must be an object with "
                    + "input and output, was " + describe(test));
        }
        onlyFields(test, path, TEST_FIELDS, "input");
        return new TestCase(requiredText(test, path, "input"), requiredText(test, path, "output"));
    }

    private static Duration timeLimit(JsonNode root) {
        JsonNode value = root.get("time_limit_s");
        if (value == null || value.isNull()) {
            return VerificationSpec.DEFAULT_TIME_LIMIT;
        }
        if (!value.isNumber() || value.decimalValue().signum() <= 0) {
            throw new IllegalArgumentException("time_limit_s: must be a positive number of seconds, was "
                    + describe(value));
        }
        BigDecimal nanos = value.decimalValue().movePointRight(9);
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || nanos.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("time_limit_s: out of range, was " + value);
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static int memoryMb(JsonNode root) {
        JsonNode value = root.get("memory_mb");
        if (value == null || value.isNull()) {
            return VerificationSpec.DEFAULT_MEMORY_MB;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw new IllegalArgumentException("memory_mb: must be a positive whole number of MiB, was "
                    + describe(value));
        }
        return value.intValue();
    }

    private static String requiredText(JsonNode node, String field) {
        return requiredText(node, "", field);
    }

    private static String requiredText(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(path + field + ": missing");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + field + ": must be a string, was " + describe(value));
        }
        return value.textValue();
    }

    private static void onlyFields(JsonNode node, String path, Set<String> known, String extra) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && !name.equals(extra)) {
                throw new IllegalArgumentException(path + name + ": unknown field");
            }
        }
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
