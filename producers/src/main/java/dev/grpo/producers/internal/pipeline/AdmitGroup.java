package dev.grpo.producers.internal.pipeline;

import dev.grpo.producers.internal.admission.AdmissionGate;
import dev.grpo.producers.internal.sampling.TemplatedPrompt;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Operator: waits (on a blocking-capable scheduler) until the admission gate grants the prompt's group a slot.
 * Empty when the generator stops before a slot is granted: such a prompt was never started.
 */
public final class AdmitGroup implements Function<TemplatedPrompt, Mono<AdmittedPrompt>> {

    private final AdmissionGate gate;
    private final BooleanSupplier stopping;
    private final Scheduler scheduler;

    /**
     * @param gate grants slots
     * @param stopping true once the generator is stopping
     * @param scheduler where the blocking wait runs
     */
    public AdmitGroup(AdmissionGate gate, BooleanSupplier stopping, Scheduler scheduler) {
        this.gate = gate;
        this.stopping = stopping;
        this.scheduler = scheduler;
    }

    @Override
    public Mono<AdmittedPrompt> apply(TemplatedPrompt prompt) {
        return Mono.fromCallable(() -> gate.admit(stopping).map(a -> new AdmittedPrompt(prompt, a)).orElse(null))
                .subscribeOn(scheduler);
    }
}
