package dev.grpo.producers.internal.pipeline;

import dev.grpo.producers.internal.sampling.GroupSampler;
import dev.grpo.producers.internal.sampling.SampledGroup;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Operator: samples an admitted prompt's group on the sampling scheduler. A linkage error from the native engine
 * (which Reactor treats as fatal and would swallow, leaving the group forever in flight) becomes an ordinary error
 * of the group, so the pipeline fails visibly instead of hanging its drain.
 */
public final class SampleGroup implements Function<AdmittedPrompt, Mono<SampledGroup>> {

    private final GroupSampler sampler;
    private final Scheduler scheduler;

    /**
     * @param sampler samples the G completions
     * @param scheduler where sampling runs
     */
    public SampleGroup(GroupSampler sampler, Scheduler scheduler) {
        this.sampler = sampler;
        this.scheduler = scheduler;
    }

    @Override
    public Mono<SampledGroup> apply(AdmittedPrompt admitted) {
        return Mono.fromCallable(() -> sample(admitted)).subscribeOn(scheduler);
    }

    private SampledGroup sample(AdmittedPrompt admitted) {
        try {
            return sampler.sample(admitted.prompt(), admitted.admission());
        } catch (LinkageError e) {
            throw new IllegalStateException("sampling group " + admitted.admission().groupId() + " failed: " + e, e);
        }
    }
}
