package dev.grpo.producers.prompts;

import dev.grpo.records.Prompt;
import reactor.core.publisher.Flux;

/** Where prompts come from. Sources are lazy and demand-driven: nothing is read before it is requested. */
public interface PromptSource {

    /** @return the prompts; each subscription reads from the source's start (files) or its committed position (topics) */
    Flux<Prompt> prompts();
}
