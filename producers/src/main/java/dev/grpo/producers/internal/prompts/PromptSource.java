package dev.grpo.producers.internal.prompts;

import dev.grpo.records.Prompt;
import reactor.core.publisher.Flux;

/** Where prompts come from. Sources are lazy and demand-driven: nothing is read before it is requested. */
public interface PromptSource extends AutoCloseable {

    /** The counter of prompts skipped because they could not be read, tagged by file or topic. */
    String MALFORMED_METER = "grpo.generator.prompts.malformed";

    /** @return the prompts; each subscription reads from the source's start (files) or its committed position (topics) */
    Flux<Prompt> prompts();

    /**
     * Once every prompt stream has ended or been cancelled, releases what the source still holds and waits until it
     * has. Most sources hold nothing.
     */
    @Override
    default void close() {
    }
}
