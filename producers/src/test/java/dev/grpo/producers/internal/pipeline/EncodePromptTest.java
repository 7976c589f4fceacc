package dev.grpo.producers.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.policy.CharTokenizer;
import dev.grpo.producers.internal.sampling.PromptEncoder;
import dev.grpo.producers.internal.sampling.TemplatedPrompt;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.records.Prompt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class EncodePromptTest {

    private static Prompt prompt(String id, String text) {
        return Prompt.newBuilder().setPromptId(id).setText(text).setGroundTruth("").setLanguage("en").setTask("t")
                .setCreatedAt(Instant.EPOCH).build();
    }

    @Test
    void promptsThePolicyCannotTakeAreSkippedAndCounted() {
        Counter rejected = new SimpleMeterRegistry().counter("rejected");
        EncodePrompt operator = new EncodePrompt(new PromptEncoder(new CharTokenizer(), PromptTemplate.PLAIN, 10),
                rejected);

        StepVerifier.create(Flux.just(prompt("ok", "1+1="), prompt("alien", "ü"), prompt("long", "1".repeat(10)),
                        prompt("ok2", "2+2=")).handle(operator).map(TemplatedPrompt::text))
                .expectNext("1+1=", "2+2=")
                .verifyComplete();
        assertThat(rejected.count()).isEqualTo(2);
    }
}
