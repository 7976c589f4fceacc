package dev.grpo.producers.internal.pipeline;

import dev.grpo.producers.internal.sampling.PromptEncoder;
import dev.grpo.producers.internal.sampling.TemplatedPrompt;
import dev.grpo.records.Prompt;
import io.micrometer.core.instrument.Counter;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.SynchronousSink;

/**
 * Operator ({@code Flux.handle}): templates and encodes each prompt; one the policy cannot take (a character
 * outside the vocabulary, too long for the model) is logged, counted and skipped, before any slot is claimed.
 */
public final class EncodePrompt implements BiConsumer<Prompt, SynchronousSink<TemplatedPrompt>> {

    private static final Logger LOG = LoggerFactory.getLogger(EncodePrompt.class);

    private final PromptEncoder encoder;
    private final Counter rejected;

    /**
     * @param encoder templates and encodes
     * @param rejected counts skipped prompts
     */
    public EncodePrompt(PromptEncoder encoder, Counter rejected) {
        this.encoder = encoder;
        this.rejected = rejected;
    }

    @Override
    public void accept(Prompt prompt, SynchronousSink<TemplatedPrompt> sink) {
        try {
            sink.next(encoder.encode(prompt));
        } catch (IllegalArgumentException e) {
            rejected.increment();
            LOG.warn("skipping prompt {}: {}", prompt.getPromptId(), e.getMessage());
        }
    }
}
