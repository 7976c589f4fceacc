package dev.grpo.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.records.Prompt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** A generator's prompts from a file: read on demand, malformed rows skipped and counted, repeated for epochs. */
class PromptFileSourceTest {

    @TempDir
    Path dir;

    private PromptFileSource source(boolean repeat, String... lines) throws IOException {
        Path file = Files.write(dir.resolve("prompts.jsonl"), List.of(lines));
        return new PromptFileSource(new PromptFile(file, PromptFields.standard()), repeat, new SimpleMeterRegistry());
    }

    @Test
    void readsEveryFieldOfALine() throws IOException {
        PromptFileSource source = source(false,
                "{\"id\":\"p1\",\"prompt\":\"2+2=\",\"ground_truth\":\"4\",\"language\":\"zh\",\"task\":\"arithmetic\"}");

        StepVerifier.create(source.prompts())
                .assertNext(prompt -> assertThat(prompt).extracting(Prompt::getPromptId, Prompt::getText,
                        Prompt::getGroundTruth, Prompt::getLanguage, Prompt::getTask)
                        .containsExactly("p1", "2+2=", "4", "zh", "arithmetic"))
                .verifyComplete();
    }

    @Test
    void malformedLinesAreSkippedAndCountedAndTheRestIsRead() throws IOException {
        PromptFileSource source = source(false, "{\"id\":\"a\",\"prompt\":\"1\"}", "not json", "", "{\"id\":\"b\"}",
                "{\"id\":\"c\",\"prompt\":7}", "{\"id\":\"d\",\"prompt\":\"2\"}");

        StepVerifier.create(source.prompts().map(Prompt::getPromptId))
                .expectNext("a", "d")
                .verifyComplete();
        assertThat(source.malformedRows()).isEqualTo(3);
    }

    @Test
    void readsOnlyAsManyLinesAsAreRequested() throws IOException {
        PromptFileSource source = source(false, "{\"id\":\"a\",\"prompt\":\"1\"}", "{\"id\":\"b\",\"prompt\":\"2\"}",
                "broken");

        StepVerifier.create(source.prompts().map(Prompt::getPromptId), 1)
                .expectNext("a")
                .then(() -> assertThat(source.malformedRows()).isZero())
                .thenCancel()
                .verify();
    }

    @Test
    void aRepeatingSourceStartsOverAtTheEnd() throws IOException {
        PromptFileSource source = source(true, "{\"id\":\"a\",\"prompt\":\"1\"}", "{\"id\":\"b\",\"prompt\":\"2\"}");

        StepVerifier.create(source.prompts().map(Prompt::getPromptId).take(5))
                .expectNext("a", "b", "a", "b", "a")
                .verifyComplete();
    }

    /** Subscribed on another thread, so that a source repeating nothing forever fails the test at its timeout. */
    @Test
    void aPassWithoutASinglePromptFailsInsteadOfRepeatingNothingForever() throws IOException {
        PromptFileSource source = source(true, "{\"question\":\"1\"}", "{\"question\":\"2\"}");

        StepVerifier.create(source.prompts().take(1).subscribeOn(Schedulers.boundedElastic()))
                .expectErrorMessage("no row of " + dir.resolve("prompts.jsonl") + " is a prompt: 2 skipped, the first "
                        + dir.resolve("prompts.jsonl") + " line 1: field \"prompt\" is missing or empty")
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anEmptyFileHoldsNoPrompts() throws IOException {
        StepVerifier.create(source(true, "").prompts().take(1).subscribeOn(Schedulers.boundedElastic()))
                .expectErrorMessage("prompt file " + dir.resolve("prompts.jsonl") + " holds no prompts")
                .verify(Duration.ofSeconds(10));
    }
}
