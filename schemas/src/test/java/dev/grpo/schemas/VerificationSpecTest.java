package dev.grpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grpo.schemas.VerificationSpec.Assert;
import dev.grpo.schemas.VerificationSpec.StdinStdout;
import dev.grpo.schemas.VerificationSpec.TestCase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerificationSpecTest {

    private static final String STDIN_STDOUT = """
            {"kind": "stdin-stdout", "language": "python", "tests": [{"input": "1 2\\n", "output": "3\\n"},
             {"input": "", "output": "0"}], "time_limit_s": 2, "memory_mb": 256}""";
    private static final String ASSERT = """
            {"kind": "assert", "language": "python", "code": "assert add(2, 3) == 5", "time_limit_s": 2,
             "memory_mb": 256}""";

    @Nested
    class Parsing {

        @Test
        void aStdinStdoutSpecReadsItsTestsInOrder() {
            assertThat(VerificationSpec.parse(STDIN_STDOUT)).isEqualTo(new StdinStdout("python",
                    List.of(new TestCase("1 2\n", "3\n"), new TestCase("", "0")), Duration.ofSeconds(2), 256));
        }

        @Test
        void anAssertSpecReadsItsCode() {
            assertThat(VerificationSpec.parse(ASSERT))
                    .isEqualTo(new Assert("python", "assert add(2, 3) == 5", Duration.ofSeconds(2), 256));
        }

        @Test
        void absentLimitsTakeTheDefaults() {
            VerificationSpec spec = VerificationSpec.parse("{\"kind\": \"assert\", \"language\": \"java\", "
                    + "\"code\": \"assert true;\"}");

            assertThat(spec.timeLimit()).isEqualTo(VerificationSpec.DEFAULT_TIME_LIMIT).isEqualTo(Duration.ofSeconds(2));
            assertThat(spec.memoryMb()).isEqualTo(VerificationSpec.DEFAULT_MEMORY_MB).isEqualTo(256);
        }

        @Test
        void aFractionalTimeLimitIsKept() {
            VerificationSpec spec = VerificationSpec.parse(ASSERT.replace("\"time_limit_s\": 2", "\"time_limit_s\": 0.5"));

            assertThat(spec.timeLimit()).isEqualTo(Duration.ofMillis(500));
        }

        @Test
        void anyLanguageIsAcceptedSinceTheStageDecidesWhatItRuns() {
            assertThat(VerificationSpec.parse(ASSERT.replace("python", "brainfuck")).language()).isEqualTo("brainfuck");
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                unknown kind          | {"kind": "fuzz", "language": "python", "code": "x"}               | kind: unknown kind "fuzz" (known: stdin-stdout, assert)
                missing kind          | {"language": "python", "code": "x"}                                | kind: missing
                kind not a string     | {"kind": 3, "language": "python", "code": "x"}                     | kind: must be a string, was 3
                missing language      | {"kind": "assert", "code": "x"}                                    | language: missing
                blank language        | {"kind": "assert", "language": " ", "code": "x"}                   | language: must not be blank
                missing code          | {"kind": "assert", "language": "python"}                           | code: missing
                blank code            | {"kind": "assert", "language": "python", "code": ""}               | code: must not be blank
                missing tests         | {"kind": "stdin-stdout", "language": "python"}                     | tests: missing
                tests not an array    | {"kind": "stdin-stdout", "language": "python", "tests": {}}        | tests: must be an array, was {}
                no tests              | {"kind": "stdin-stdout", "language": "python", "tests": []}        | tests: must hold at least one test
                test without output   | {"kind": "stdin-stdout", "language": "python", "tests": [{"input": ""}]} | tests[0].output: missing
                test not an object    | {"kind": "stdin-stdout", "language": "python", "tests": ["1"]}     | tests[0]: must be an object with input and output, was "1"
                unknown test field    | {"kind": "stdin-stdout", "language": "python", "tests": [{"input": "", "output": "", "expected": ""}]} | tests[0].expected: unknown field
                zero time limit       | {"kind": "assert", "language": "python", "code": "x", "time_limit_s": 0}    | time_limit_s: must be a positive number of seconds, was 0
                negative time limit   | {"kind": "assert", "language": "python", "code": "x", "time_limit_s": -1.5} | time_limit_s: must be a positive number of seconds, was -1.5
                time limit as string  | {"kind": "assert", "language": "python", "code": "x", "time_limit_s": "2"}  | time_limit_s: must be a positive number of seconds, was "2"
                zero memory           | {"kind": "assert", "language": "python", "code": "x", "memory_mb": 0}       | memory_mb: must be a positive whole number of MiB, was 0
                fractional memory     | {"kind": "assert", "language": "python", "code": "x", "memory_mb": 1.5}     | memory_mb: must be a positive whole number of MiB, was 1.5
                code on stdin-stdout  | {"kind": "stdin-stdout", "language": "python", "code": "x", "tests": [{"input": "", "output": ""}]} | code: unknown field
                misspelt limit        | {"kind": "assert", "language": "python", "code": "x", "time_limit": 5}      | time_limit: unknown field
                not an object         | [1, 2]                                                             | must be a JSON object, was [1,2]
                """)
        void aBadSpecIsRefusedInOneLineNamingTheField(String problem, String json, String message) {
            assertThatThrownBy(() -> VerificationSpec.parse(json))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        }

        @Test
        void textThatIsNotJsonIsRefusedInOneLine() {
            assertThatThrownBy(() -> VerificationSpec.parse("{\"kind\": "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not JSON: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        @Test
        void aDuplicatedFieldIsRefused() {
            assertThatThrownBy(() -> VerificationSpec.parse(ASSERT.replace("\"code\"", "\"kind\": \"x\", \"code\"")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
        }

        @Test
        void anUntypedNullIsRefused() {
            assertThatThrownBy(() -> VerificationSpec.parse(null)).hasMessage("verification spec: missing");
            assertThatThrownBy(() -> VerificationSpec.parse("null")).hasMessage("must be a JSON object, was null");
        }
    }

    @Nested
    class Writing {

        @Test
        void aStdinStdoutSpecIsWrittenInTheDocumentedShape() {
            StdinStdout spec = new StdinStdout("python", List.of(new TestCase("1 2\n", "3")), Duration.ofSeconds(2), 256);

            assertThat(spec.toJson()).isEqualTo("{\"kind\":\"stdin-stdout\",\"language\":\"python\","
                    + "\"tests\":[{\"input\":\"1 2\\n\",\"output\":\"3\"}],\"time_limit_s\":2,\"memory_mb\":256}");
        }

        @Test
        void anAssertSpecIsWrittenInTheDocumentedShape() {
            Assert spec = new Assert("python", "assert add(2, 3) == 5", Duration.ofMillis(1_500), 64);

            assertThat(spec.toJson()).isEqualTo("{\"kind\":\"assert\",\"language\":\"python\","
                    + "\"code\":\"assert add(2, 3) == 5\",\"time_limit_s\":1.5,\"memory_mb\":64}");
        }

        @Test
        void everySpecReadsBackAsItself() {
            for (String json : List.of(STDIN_STDOUT, ASSERT, ASSERT.replace(": 2,", ": 0.25,"))) {
                VerificationSpec spec = VerificationSpec.parse(json);

                assertThat(VerificationSpec.parse(spec.toJson())).isEqualTo(spec);
            }
        }
    }
}
