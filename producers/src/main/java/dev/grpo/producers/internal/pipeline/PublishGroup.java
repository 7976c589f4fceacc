package dev.grpo.producers.internal.pipeline;

import dev.grpo.producers.internal.admission.ClaimLog;
import dev.grpo.producers.internal.admission.LeaseWatch;
import dev.grpo.producers.internal.sampling.SampledGroup;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.RecordSerde;
import dev.grpo.schemas.RecordSerdes;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Operator: publishes every rollout of a group, keyed by group id, and once the broker acknowledged all of them marks
 * the group's claim published in the claims log; completes when the marker is in the log. {@code send} blocks while
 * the producer's buffer is full, which is how a slow broker holds sampling back. A group whose lease no longer leaves
 * time to publish is dropped unsent, counted and logged, and fails with {@link LapsedLeaseException}.
 */
public final class PublishGroup implements Function<SampledGroup, Mono<SampledGroup>> {

    private static final Logger LOG = LoggerFactory.getLogger(PublishGroup.class);
    private static final RecordSerde<Rollout> SERDE = RecordSerdes.rollout();

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final LeaseWatch leases;
    private final ClaimLog claims;
    private final Counter dropped;
    private final Scheduler scheduler;

    /**
     * @param producer an idempotent producer
     * @param topic the rollouts topic
     * @param leases tells whether a group's lease still leaves time to publish it
     * @param claims where the published markers go
     * @param dropped counts groups dropped because their lease ran out
     * @param scheduler where the (possibly blocking) sends run
     */
    public PublishGroup(Producer<String, byte[]> producer, String topic, LeaseWatch leases, ClaimLog claims,
                        Counter dropped, Scheduler scheduler) {
        this.producer = producer;
        this.topic = topic;
        this.leases = leases;
        this.claims = claims;
        this.dropped = dropped;
        this.scheduler = scheduler;
    }

    @Override
    public Mono<SampledGroup> apply(SampledGroup group) {
        return Mono.<SampledGroup>create(sink -> send(group, sink)).subscribeOn(scheduler);
    }

    private void send(SampledGroup group, MonoSink<SampledGroup> sink) {
        // checked on the sending thread, right before the first send: publishing past the lease could make one group
        // more than the slots counted, and so one version more stale than the bound
        if (!leases.leavesTimeToPublish(group.admission())) {
            dropped.increment();
            LOG.warn("dropping group {} unpublished: its lease leaves no time to publish it (publish by {}); claiming "
                    + "a new slot for the prompt (is --claim-lease much longer than sampling a group?)",
                    group.groupId(), group.admission().publishBy());
            sink.error(new LapsedLeaseException(group));
            return;
        }
        AtomicInteger outstanding = new AtomicInteger(group.rollouts().size());
        AtomicBoolean failed = new AtomicBoolean();
        for (Rollout rollout : group.rollouts()) {
            producer.send(new ProducerRecord<>(topic, group.groupId(), SERDE.encode(rollout)), (metadata, error) -> {
                if (error != null && failed.compareAndSet(false, true)) {
                    sink.error(new KafkaException("cannot publish rollout " + rollout.getRolloutId() + " to " + topic
                            + ": " + error.getMessage(), error));
                } else if (error == null && outstanding.decrementAndGet() == 0) {
                    // off the producer's I/O thread: appending the marker may block on the claims producer
                    try {
                        scheduler.schedule(() -> mark(group, sink));
                    } catch (RejectedExecutionException e) {
                        sink.error(e);
                    }
                }
            });
        }
    }

    private void mark(SampledGroup group, MonoSink<SampledGroup> sink) {
        claims.markPublished(group.admission().slot()).whenComplete((metadata, error) -> {
            if (error != null) {
                sink.error(error);
            } else {
                sink.success(group);
            }
        });
    }
}
