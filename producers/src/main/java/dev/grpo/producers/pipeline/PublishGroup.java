package dev.grpo.producers.pipeline;

import dev.grpo.producers.sampling.SampledGroup;
import dev.grpo.records.Rollout;
import dev.grpo.schemas.serde.RecordSerde;
import dev.grpo.schemas.serde.RecordSerdes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Operator: publishes every rollout of a group, keyed by group id, and completes once the broker acknowledged all
 * of them. {@code send} blocks while the producer's buffer is full, which is how a slow broker holds sampling back.
 */
public final class PublishGroup implements Function<SampledGroup, Mono<SampledGroup>> {

    private static final RecordSerde<Rollout> SERDE = RecordSerdes.rollout();

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Scheduler scheduler;

    /**
     * @param producer an idempotent producer
     * @param topic the rollouts topic
     * @param scheduler where the (possibly blocking) sends run
     */
    public PublishGroup(Producer<String, byte[]> producer, String topic, Scheduler scheduler) {
        this.producer = producer;
        this.topic = topic;
        this.scheduler = scheduler;
    }

    @Override
    public Mono<SampledGroup> apply(SampledGroup group) {
        return Mono.<SampledGroup>create(sink -> send(group, sink)).subscribeOn(scheduler);
    }

    private void send(SampledGroup group, MonoSink<SampledGroup> sink) {
        AtomicInteger outstanding = new AtomicInteger(group.rollouts().size());
        AtomicBoolean failed = new AtomicBoolean();
        for (Rollout rollout : group.rollouts()) {
            producer.send(new ProducerRecord<>(topic, group.groupId(), SERDE.encode(rollout)), (metadata, error) -> {
                if (error != null && failed.compareAndSet(false, true)) {
                    sink.error(new KafkaException("cannot publish rollout " + rollout.getRolloutId() + " to " + topic
                            + ": " + error.getMessage(), error));
                } else if (error == null && outstanding.decrementAndGet() == 0) {
                    sink.success(group);
                }
            });
        }
    }
}
