package dev.grpo.producers.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.Prompt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class JsonlPromptSourceTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("prompts.jsonl"), List.of(lines));
    }

    @Test
    void readsEveryFieldOfALine() throws IOException {
        Path file = file("{\"id\":\"p1\",\"prompt\":\"2+2=\",\"ground_truth\":\"4\",\"language\":\"zh\",\"task\":\"arithmetic\"}");

        StepVerifier.create(new JsonlPromptSource(file, false, new SimpleMeterRegistry()).prompts())
                .assertNext(prompt -> {
                    assertThat(prompt.getPromptId()).isEqualTo("p1");
                    assertThat(prompt.getText()).isEqualTo("2+2=");
                    assertThat(prompt.getGroundTruth()).isEqualTo("4");
                    assertThat(prompt.getLanguage()).isEqualTo("zh");
                    assertThat(prompt.getTask()).isEqualTo("arithmetic");
                })
                .verifyComplete();
    }

    @Test
    void optionalFieldsTakeTheirDefaults() throws IOException {
        Path file = file("{\"id\":\"p1\",\"prompt\":\"hi\"}");

        StepVerifier.create(new JsonlPromptSource(file, false, new SimpleMeterRegistry()).prompts())
                .assertNext(prompt -> assertThat(List.of(prompt.getGroundTruth(), prompt.getLanguage(), prompt.getTask()))
                        .containsExactly("", "en", PromptLine.DEFAULT_TASK))
                .verifyComplete();
    }

    @Test
    void malformedLinesAreSkippedAndCountedAndTheRestIsRead() throws IOException {
        Path file = file("{\"id\":\"a\",\"prompt\":\"1\"}", "not json", "", "{\"id\":\"b\"}",
                "{\"id\":\"c\",\"prompt\":7}", "{\"id\":\"d\",\"prompt\":\"2\"}");
        JsonlPromptSource source = new JsonlPromptSource(file, false, new SimpleMeterRegistry());

        StepVerifier.create(source.prompts().map(Prompt::getPromptId))
                .expectNext("a", "d")
                .verifyComplete();
        assertThat(source.malformedLines()).isEqualTo(3);
    }

    @Test
    void theErrorOfAMalformedLineNamesItsLineNumber() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PromptLine.parse(17, "{\"id\":\"x\"}"))
                .isInstanceOf(MalformedPromptException.class)
                .hasMessage("prompt line 17: field \"prompt\" is missing or empty");
    }

    @Test
    void readsOnlyAsManyLinesAsAreRequested() throws IOException {
        Path file = file("{\"id\":\"a\",\"prompt\":\"1\"}", "{\"id\":\"b\",\"prompt\":\"2\"}", "broken");
        JsonlPromptSource source = new JsonlPromptSource(file, false, new SimpleMeterRegistry());

        StepVerifier.create(source.prompts().map(Prompt::getPromptId), 1)
                .expectNext("a")
                .then(() -> assertThat(source.malformedLines()).isZero())
                .thenCancel()
                .verify();
    }

    @Test
    void aRepeatingSourceStartsOverAtTheEnd() throws IOException {
        Path file = file("{\"id\":\"a\",\"prompt\":\"1\"}", "{\"id\":\"b\",\"prompt\":\"2\"}");

        StepVerifier.create(new JsonlPromptSource(file, true, new SimpleMeterRegistry()).prompts()
                        .map(Prompt::getPromptId).take(5))
                .expectNext("a", "b", "a", "b", "a")
                .verifyComplete();
    }
}
