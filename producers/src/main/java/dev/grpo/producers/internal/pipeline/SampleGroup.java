package dev.grpo.producers.internal.pipeline;

import dev.grpo.producers.internal.sampling.GroupSampler;
import dev.grpo.producers.internal.sampling.SampledGroup;
import dev.grpo.policy.IntraOpThreads;
import dev.grpo.schemas.StageClock;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Operator: samples an admitted prompt's group on the sampling scheduler. A linkage error from the native engine
 * (which Reactor treats as fatal and would swallow, leaving the group forever in flight) becomes an ordinary error
 * of the group, so the pipeline fails visibly instead of hanging its drain. Sampling is the generator's busy time on
 * its {@link StageClock}. A positive thread count is set on the sampling thread before each group: PyTorch keeps the
 * intra-op count per thread, and the scheduler may start new threads at any time.
 */
public final class SampleGroup implements Function<AdmittedPrompt, Mono<SampledGroup>> {

    private final GroupSampler sampler;
    private final StageClock clock;
    private final int threads;
    private final Scheduler scheduler;

    /**
     * @param sampler samples the G completions
     * @param clock counts sampling as the generator's busy time
     * @param threads PyTorch intra-op threads of the sampling thread; 0 leaves the thread's own
     * @param scheduler where sampling runs
     */
    public SampleGroup(GroupSampler sampler, StageClock clock, int threads, Scheduler scheduler) {
        this.sampler = sampler;
        this.clock = clock;
        this.threads = threads;
        this.scheduler = scheduler;
    }

    @Override
    public Mono<SampledGroup> apply(AdmittedPrompt admitted) {
        return Mono.fromCallable(() -> sample(admitted)).subscribeOn(scheduler);
    }

    private SampledGroup sample(AdmittedPrompt admitted) {
        if (threads > 0) {
            IntraOpThreads.set(threads);
        }
        try (StageClock.Busy sampling = clock.busy()) {
            return sampler.sample(admitted.prompt(), admitted.admission());
        } catch (LinkageError e) {
            throw new IllegalStateException("sampling group " + admitted.admission().groupId() + " failed: " + e, e);
        }
    }
}
