package dev.grpo.producers;

import dev.grpo.policy.ArithmeticTask;
import dev.grpo.producers.internal.prompts.KafkaPromptSource;
import dev.grpo.producers.internal.prompts.PromptSource;
import dev.grpo.producers.internal.prompts.SyntheticPromptSource;
import io.micrometer.core.instrument.MeterRegistry;

/** Opens the prompt source a generator's configuration names. */
public final class PromptSources {

    private PromptSources() {
    }

    /**
     * @param config the generator configuration
     * @param registry where sources register their counters
     * @return the source
     */
    public static PromptSource open(GeneratorConfig config, MeterRegistry registry) {
        PromptOrigin origin = config.origin();
        if (origin instanceof PromptOrigin.LocalFile file) {
            return new PromptFileSource(file.file(), file.repeat(), registry);
        }
        if (origin instanceof PromptOrigin.SyntheticTask task) {
            return new SyntheticPromptSource(new ArithmeticTask(), task.seed());
        }
        return new KafkaPromptSource(config.cluster(), config.topics().prompts(), config.generatorId(),
                registry);
    }
}
