package dev.grpo.producers.internal.pipeline;

import dev.grpo.producers.internal.sampling.SampledGroup;
import dev.grpo.records.Prompt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * prompts → encode → admit → sample → publish, driven by demand: at most {@code concurrency} groups are in flight
 * and at most that many prompts are requested ahead of them, so a stalled stage stops prompt reading. When
 * {@code stop} fires the prompt stream is cut, groups still waiting for admission are dropped (never started), and
 * the flux completes once every admitted group has been published. A group dropped because its lease ran out
 * ({@link LapsedLeaseException}) is claimed, sampled and published again, from admission on.
 */
public final class GenerationPipeline {

    private final EncodePrompt encode;
    private final AdmitGroup admit;
    private final SampleGroup sample;
    private final PublishGroup publish;
    private final int concurrency;

    /**
     * @param encode templates and encodes prompts
     * @param admit waits for a slot
     * @param sample samples a group
     * @param publish publishes a group
     * @param concurrency groups in flight at most
     */
    public GenerationPipeline(EncodePrompt encode, AdmitGroup admit, SampleGroup sample, PublishGroup publish,
                              int concurrency) {
        this.encode = encode;
        this.admit = admit;
        this.sample = sample;
        this.publish = publish;
        this.concurrency = concurrency;
    }

    /**
     * @param prompts the prompt stream
     * @param stop fires (completes or emits) to begin a draining shutdown
     * @return the published groups
     */
    public Flux<SampledGroup> run(Flux<Prompt> prompts, Mono<?> stop) {
        return prompts.takeUntilOther(stop)
                .handle(encode)
                .flatMap(prompt -> admit.apply(prompt).flatMap(sample).flatMap(publish)
                        .retryWhen(Retry.indefinitely().filter(LapsedLeaseException.class::isInstance)),
                        concurrency, 1);
    }
}
