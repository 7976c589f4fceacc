package dev.grpo.producers.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grpo.policy.SamplingConfig;
import dev.grpo.policy.CharTokenizer;
import dev.grpo.producers.internal.admission.Admission;
import dev.grpo.producers.internal.sampling.GroupSampler;
import dev.grpo.producers.internal.sampling.PromptEncoder;
import dev.grpo.producers.internal.sampling.TinyPolicies;
import dev.grpo.producers.PromptTemplate;
import dev.grpo.producers.internal.weights.LoadedPolicy;
import dev.grpo.records.Prompt;
import java.time.Instant;
import dev.grpo.schemas.StageClock;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class SampleGroupTest {

    @Test
    void samplesTheAdmittedGroupOffTheCallingThread() {
        CharTokenizer tokenizer = new CharTokenizer();
        Prompt prompt = Prompt.newBuilder().setPromptId("p").setText("5+5=").setGroundTruth("10").setLanguage("en")
                .setTask("arithmetic").setCreatedAt(Instant.EPOCH).build();
        AdmittedPrompt admitted = new AdmittedPrompt(new PromptEncoder(tokenizer, PromptTemplate.PLAIN, 40)
                .encode(prompt), new Admission(0, 0, "gen", Instant.MAX));
        String caller = Thread.currentThread().getName();
        try (LoadedPolicy policy = new LoadedPolicy(TinyPolicies.model(1), 0)) {
            var scheduler = Schedulers.newSingle("sampling-test");
            SampleGroup operator = new SampleGroup(
                    new GroupSampler(policy, tokenizer, new SamplingConfig(1f, 1f, 4), 2, 0, false), new StageClock(), 0, scheduler);

            StepVerifier.create(operator.apply(admitted).map(group -> Thread.currentThread().getName() + " "
                            + group.rollouts().size() + " " + group.rollouts().get(0).getGroundTruth()))
                    .assertNext(line -> assertThat(line).startsWith("sampling-test").endsWith(" 2 10")
                            .doesNotStartWith(caller))
                    .verifyComplete();
            scheduler.dispose();
        }
    }
}
